"""SP-API usage plans: the documented (rate per second, burst) of each operation we call.

Values are Amazon's, from the operation descriptions in the official models (the sandbox enforces the
same table, and a contract test compares both against the model files).
"""

from __future__ import annotations

USAGE_PLANS: dict[str, tuple[float, int]] = {
    # finances v0
    "listFinancialEventGroups": (0.5, 30),
    "listFinancialEventsByGroupId": (0.5, 30),
    "listFinancialEventsByOrderId": (0.5, 30),
    "listFinancialEvents": (0.5, 30),
    # reports 2021-06-30
    "getReports": (0.0222, 10),
    "createReport": (0.0167, 15),
    "cancelReport": (0.0222, 10),
    "getReport": (2.0, 15),
    "getReportDocument": (0.0167, 15),
    # feeds 2021-06-30
    "getFeeds": (0.0222, 10),
    "createFeed": (0.0083, 15),
    "cancelFeed": (2.0, 15),
    "getFeed": (2.0, 15),
    "createFeedDocument": (0.5, 15),
    "getFeedDocument": (0.0222, 10),
    # orders v0
    "getOrders": (0.0167, 20),
    "getOrder": (0.5, 30),
    "getOrderItems": (0.5, 30),
}
DEFAULT_PLAN = (1.0, 5)  # conservative for anything not listed
