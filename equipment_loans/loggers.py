"""Data logger exports: reading the CSV files loggers write, and drawing them as SVG.

Loggers disagree on everything: separator (comma, semicolon, tab), decimal comma, date
format, column names in French or English, date and time in one column or two. The parser
accepts the common variants and says which line it could not read.

The chart is drawn on the server as SVG: no JavaScript library, no CDN, and it prints.
"""

import csv
import math
from datetime import datetime

from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

MAX_ROWS = 200_000
# The usual bands for mixed collections (EN 15757 / common museum practice).
TEMPERATURE_BAND = (15.0, 25.0)
HUMIDITY_BAND = (40.0, 60.0)

DATE_FORMATS = [
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%y %H:%M:%S", "%d/%m/%y %H:%M",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p",
]


class LoggerParseError(ValueError):
    """The file is not a logger export we can read; the message says where and why."""


def _role(header: str) -> str | None:
    h = header.strip().lower()
    if any(k in h for k in ("humid", "hygro", "rh", "hr", "%")):
        return "humidity"
    if any(k in h for k in ("temp", "°c", "°f")):
        return "temperature"
    if any(k in h for k in ("horodat", "timestamp", "datetime", "date/heure", "date time", "date-time")):
        return "datetime"
    if "date" in h:
        return "date"
    if any(k in h for k in ("time", "heure")):
        return "time"
    return None


def _number(value: str) -> float | None:
    value = value.strip().replace("\u00a0", "").replace(" ", "")
    if not value:
        return None
    number = float(value.replace(",", "."))
    if math.isnan(number) or math.isinf(number):
        return None
    return number


def _datetime(value: str) -> datetime:
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        for fmt in DATE_FORMATS:
            try:
                parsed = datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
        else:
            raise
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def parse_logger_csv(file) -> list[tuple[datetime, float | None, float | None]]:
    """(time, temperature °C, relative humidity %) rows of a logger export, in time order."""
    raw = file.read()
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
    else:
        text = raw
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise LoggerParseError(_("The file is empty."))
    # Some loggers write a title line or two before the header: find the header.
    header_index = None
    delimiter = ","
    for index, line in enumerate(lines[:10]):
        for candidate in (";", "\t", ","):
            cells = next(csv.reader([line], delimiter=candidate))
            roles = [_role(c) for c in cells]
            if len(cells) >= 3 and ("temperature" in roles and "humidity" in roles):
                header_index, delimiter = index, candidate
                break
        if header_index is not None:
            break
    if header_index is None:
        raise LoggerParseError(
            _("No header line with a time, a temperature and a relative humidity column was found in the first ten lines.")
        )
    header = next(csv.reader([lines[header_index]], delimiter=delimiter))
    roles = [_role(c) for c in header]
    index_of = {}
    for i, role in enumerate(roles):
        if role and role not in index_of:
            index_of[role] = i
    if "datetime" not in index_of and "date" not in index_of and "time" in index_of:
        # A single "Time" column holds the date and the time.
        index_of["datetime"] = index_of.pop("time")
    if "datetime" not in index_of and "date" not in index_of:
        raise LoggerParseError(_("No time column was found in the header line."))
    rows = []
    reader = csv.reader(lines[header_index + 1:], delimiter=delimiter)
    for offset, cells in enumerate(reader, start=header_index + 2):
        if len(rows) >= MAX_ROWS:
            raise LoggerParseError(_("The file has more than %(max)s readings.") % {"max": MAX_ROWS})
        try:
            if "datetime" in index_of:
                when = cells[index_of["datetime"]]
            elif "time" in index_of:
                when = f"{cells[index_of['date']]} {cells[index_of['time']]}"
            else:
                when = cells[index_of["date"]]
            taken_at = _datetime(when)
            temperature = _number(cells[index_of["temperature"]])
            humidity = _number(cells[index_of["humidity"]])
        except (ValueError, IndexError):
            raise LoggerParseError(_("Line %(line)s cannot be read: %(text)s") % {"line": offset, "text": ";".join(cells)[:120]}) from None
        if humidity is not None and not (0 <= humidity <= 100):
            raise LoggerParseError(
                _("Line %(line)s: a relative humidity of %(value)s %% is impossible.") % {"line": offset, "value": humidity}
            )
        rows.append((taken_at, temperature, humidity))
    if not rows:
        raise LoggerParseError(_("The file has a header but no readings."))
    rows.sort(key=lambda r: r[0])
    return rows


# --- Summary and chart --------------------------------------------------------------------------


def _stats(values, band):
    values = [v for v in values if v is not None]
    if not values:
        return None
    outside = sum(1 for v in values if v < band[0] or v > band[1])
    return {
        "min": min(values), "max": max(values), "mean": sum(values) / len(values),
        "outside_percent": round(100 * outside / len(values)), "band": band,
    }


def readings_summary(readings) -> dict | None:
    """Min, max, mean and share of time outside the band, for temperature and RH."""
    if not readings:
        return None
    return {
        "start": readings[0][0], "end": readings[-1][0], "count": len(readings),
        "temperature": _stats([r[1] for r in readings], TEMPERATURE_BAND),
        "humidity": _stats([r[2] for r in readings], HUMIDITY_BAND),
    }


def _downsample(readings, limit=600):
    if len(readings) <= limit:
        return readings
    size = math.ceil(len(readings) / limit)
    result = []
    for i in range(0, len(readings), size):
        chunk = readings[i:i + size]
        temps = [r[1] for r in chunk if r[1] is not None]
        hums = [r[2] for r in chunk if r[2] is not None]
        result.append((chunk[len(chunk) // 2][0], sum(temps) / len(temps) if temps else None, sum(hums) / len(hums) if hums else None))
    return result


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def readings_chart_svg(readings) -> str:
    """Temperature and RH over time, one panel each, with the conservation bands shaded."""
    if not readings:
        return ""
    points = _downsample(readings)
    width, panel_h, left, right, top, gap = 760, 170, 52, 16, 14, 44
    plot_w = width - left - right
    t0, t1 = points[0][0].timestamp(), points[-1][0].timestamp()
    span = (t1 - t0) or 1.0

    def x(ts):
        return left + (ts.timestamp() - t0) / span * plot_w

    summary = readings_summary(readings)
    parts = []
    panels = [
        (1, _("Temperature (°C)"), TEMPERATURE_BAND, "kit-chart-temp", 5),
        (2, _("Relative humidity (%)"), HUMIDITY_BAND, "kit-chart-rh", 10),
    ]
    for n, (column, label, band, css, step) in enumerate(panels):
        y_top = top + n * (panel_h + gap)
        values = [p[column] for p in points if p[column] is not None]
        if not values:
            continue
        lo = math.floor(min(min(values), band[0] - step) / step) * step
        hi = math.ceil(max(max(values), band[1] + step) / step) * step

        def y(v, lo=lo, hi=hi, y_top=y_top):
            return y_top + panel_h - (v - lo) / (hi - lo) * panel_h

        parts.append(f'<text class="kit-chart-label" x="{left}" y="{y_top - 3}">{escape(label)}</text>')
        band_title = escape(_("Recommended band: %(lo)s–%(hi)s") % {"lo": band[0], "hi": band[1]})
        parts.append(
            f'<rect class="kit-chart-band" x="{left}" y="{_fmt(y(band[1]))}" width="{plot_w}" '
            f'height="{_fmt(y(band[0]) - y(band[1]))}"><title>{band_title}</title></rect>'
        )
        tick = lo
        while tick <= hi + 1e-9:
            parts.append(f'<line class="kit-chart-grid" x1="{left}" x2="{left + plot_w}" y1="{_fmt(y(tick))}" y2="{_fmt(y(tick))}"/>')
            parts.append(f'<text class="kit-chart-tick" x="{left - 6}" y="{_fmt(y(tick) + 4)}" text-anchor="end">{tick:g}</text>')
            tick += step
        segments, current = [], []
        for p in points:
            if p[column] is None:
                if current:
                    segments.append(current)
                current = []
                continue
            current.append(f"{_fmt(x(p[0]))},{_fmt(y(p[column]))}")
        if current:
            segments.append(current)
        for segment in segments:
            parts.append(f'<polyline class="{css}" points="{" ".join(segment)}"/>')
        parts.append(f'<rect class="kit-chart-frame" x="{left}" y="{y_top}" width="{plot_w}" height="{panel_h}"/>')
    # Time axis under each panel: start, middle, end.
    for n in range(2):
        base = top + n * (panel_h + gap) + panel_h + 14
        for fraction, anchor in ((0, "start"), (0.5, "middle"), (1, "end")):
            ts = datetime.fromtimestamp(t0 + fraction * span, tz=points[0][0].tzinfo)
            label = formats.date_format(timezone.localtime(ts), "SHORT_DATETIME_FORMAT")
            parts.append(
                f'<text class="kit-chart-tick" x="{_fmt(left + fraction * plot_w)}" y="{base}" '
                f'text-anchor="{anchor}">{escape(label)}</text>'
            )
    height = top + 2 * panel_h + gap + 24
    description = _description(summary)
    svg = (
        f'<svg class="kit-chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="kit-chart-title kit-chart-desc" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        f'<title id="kit-chart-title">{escape(_("Temperature and relative humidity during the loan"))}</title>'
        f'<desc id="kit-chart-desc">{escape(description)}</desc>'
        + "".join(parts)
        + "</svg>"
    )
    return mark_safe(svg)  # every text inside was escaped above; the rest are numbers


def _description(summary) -> str:
    bits = []
    for key, label in (("temperature", _("Temperature")), ("humidity", _("Relative humidity"))):
        stats = summary.get(key)
        if stats:
            bits.append(
                _("%(label)s from %(min)s to %(max)s, %(outside)s %% of readings outside %(lo)s–%(hi)s.")
                % {"label": label, "min": _fmt(stats["min"]), "max": _fmt(stats["max"]), "outside": stats["outside_percent"],
                   "lo": stats["band"][0], "hi": stats["band"][1]}
            )
    return " ".join(bits)
