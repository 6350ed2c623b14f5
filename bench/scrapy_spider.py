"""The Scrapy peer of the crawl benchmark (bench/crawl_bench.py): follow every link of one
site, politeness off, and count the pages.

  scrapy runspider bench/scrapy_spider.py -a start_url=http://127.0.0.1:PORT/ \
      -a stats_file=OUT.json

Each HTML response is one item (its URL), so `item_scraped_count` is the pages fetched;
the whole stats dictionary goes to STATS_FILE at the end.
"""
import json
from urllib.parse import urlsplit

import scrapy


class SiteSpider(scrapy.Spider):
    name = "crawl_bench"
    custom_settings = {
        "CONCURRENT_REQUESTS": 16,
        # The default of 8 per domain would cap a one-site crawl below 16.
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "ROBOTSTXT_OBEY": True,
        "DEPTH_LIMIT": 0,
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }

    def __init__(self, start_url, stats_file=None, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [start_url]
        self.allowed_domains = [urlsplit(start_url).hostname]
        self.stats_file = stats_file

    def parse(self, response):
        if not isinstance(response, scrapy.http.HtmlResponse):
            return
        yield {"url": response.url}
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, callback=self.parse)

    def closed(self, reason):
        if self.stats_file:
            stats = {k: v for k, v in self.crawler.stats.get_stats().items()}
            stats["finish_reason"] = reason
            with open(self.stats_file, "w") as f:
                json.dump(stats, f, default=str, indent=1)
