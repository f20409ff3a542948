# Same conventions as English: dd/mm/yyyy and lakh grouping.
from config.formats.en.formats import *  # noqa: F403
