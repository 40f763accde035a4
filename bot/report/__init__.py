"""`kamu report`: the content team's view of the conversations (see `data`)."""

from bot.report.data import Report, gather
from bot.report.formats import FORMATS, as_csv, as_dict, as_json, as_text
from bot.report.queue_figures import QueueFigures, queue_figures

__all__ = ["FORMATS", "QueueFigures", "Report", "as_csv", "as_dict", "as_json", "as_text", "gather", "queue_figures"]
