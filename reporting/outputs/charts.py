"""One matplotlib chart per table, drawn from the published figures (hidden cells are not drawn)."""

import io
import logging

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from reporting import disclosure  # noqa: E402

# Subsetting fonts into each PDF logs every table it touches; that is noise in a worker's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

# Text stays text in SVG and PDF: screen readers, search and copying work, and tests can read it.
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["pdf.fonttype"] = 42
# Labels such as "£289" or "50%" are plain text, never TeX mathematics.
matplotlib.rcParams["text.parse_math"] = False
NHS_BLUE = "#005eb8"
COLOURS = [NHS_BLUE, "#41b6e6", "#003087", "#768692"]


def _numbers(values):
    return [0 if value in (None, disclosure.SUPPRESSED) else value for value in values]


def series_of(table):
    """The columns a chart draws: percentages where the table has them, else the counts or means."""
    if table.means:
        return list(table.means)
    if table.percent:
        return [table.percent_column(column) for column in table.count_columns]
    return list(table.count_columns)


def draw(table, *, axes=None, titled=True):
    figure = None
    if axes is None:
        figure = plt.figure(figsize=(8, 4.5))
        axes = figure.add_subplot(111)
    labels = [str(label) for label in table.frame[table.label_column]]
    columns = series_of(table)
    scale = 100 if table.percent and not table.means else 1
    positions = range(len(labels))
    width = 0.8 / max(len(columns), 1)
    for number, column in enumerate(columns):
        values = [value * scale for value in _numbers(table.frame[column])]
        if table.chart == "line":
            axes.plot(list(positions), values, marker="o", color=COLOURS[number % len(COLOURS)], label=column)
            axes.set_xticks(list(positions), labels, rotation=45, ha="right")
        elif table.chart == "bar":
            offsets = [position + number * width for position in positions]
            axes.bar(offsets, values, width=width, color=COLOURS[number % len(COLOURS)], label=column)
            axes.set_xticks([position + width * (len(columns) - 1) / 2 for position in positions], labels)
        else:
            offsets = [position + number * width for position in positions]
            axes.barh(offsets, values, height=width, color=COLOURS[number % len(COLOURS)], label=column)
            axes.set_yticks([position + width * (len(columns) - 1) / 2 for position in positions], labels)
            axes.invert_yaxis()
    unit = "% of the total" if scale == 100 else "number"
    (axes.set_xlabel if table.chart == "barh" else axes.set_ylabel)(unit)
    if len(columns) > 1:
        axes.legend()
    if titled:
        axes.set_title(table.title)
    axes.tick_params(labelsize=8)
    if figure is not None:
        figure.tight_layout()
    return figure


def svg(table):
    figure = draw(table)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    text = buffer.getvalue()
    # The page gives the SVG a role and a title of its own; drop the XML prologue to inline it.
    return text[text.index("<svg") :]


def text_alternative(table):
    """What the chart shows, in words, for people who cannot see it."""
    from reporting.tables import display_rows

    columns = series_of(table)
    names = list(table.frame.columns)
    parts = []
    for row in display_rows(table):
        shown = ", ".join(f"{column} {row[names.index(column)]}" for column in columns)
        parts.append(f"{row[0]}: {shown}")
    return f"Chart of {table.title.lower()}. " + "; ".join(parts) + "."
