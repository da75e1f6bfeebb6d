"""Page-image preparation before OCR: crop a photographed page, flatten lighting, straighten it.

Everything works on 8-bit grayscale numpy arrays (height x width). The steps are pure functions
so the OCR engine and its tests can measure each one on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

Gray = npt.NDArray[np.uint8]

# Letter paper at 300 dpi: Tesseract reads 6-9 pt certificate print best at about this size.
TARGET_PAGE_WIDTH = 2550
# A prepared page never exceeds this: a thin strip brought to page width would be gigapixels.
MAX_PREPARED_PIXELS = 40_000_000
_MAX_SKEW_DEGREES = 10.0


@dataclass(frozen=True)
class PreparedPage:
    image: Gray
    skew_degrees: float  # the tilt that was found and removed (positive = counter-clockwise)
    cropped: bool  # a page quadrilateral was found in a photo and rectified
    checkboxes: list[CheckBox] = field(default_factory=list)  # found, and erased from `image`
    ruled: Gray | None = None  # `image` before its rules were taken out, when they were


def to_gray(rgb_or_gray: npt.NDArray[np.uint8]) -> Gray:
    if rgb_or_gray.ndim == 2:
        return rgb_or_gray
    if rgb_or_gray.shape[2] == 4:
        return cv2.cvtColor(rgb_or_gray, cv2.COLOR_RGBA2GRAY)  # type: ignore[return-value]
    return cv2.cvtColor(rgb_or_gray, cv2.COLOR_RGB2GRAY)  # type: ignore[return-value]


def normalise_lighting(gray: Gray) -> Gray:
    """Divide by the estimated paper brightness so shadows and gradients become white paper.

    The background is the page with the print closed away (dilation removes dark strokes) and
    smoothed; dividing by it leaves ink dark on an even background, which Tesseract's own
    global (Otsu) threshold then handles well.
    """
    height, width = gray.shape
    scale = 1000 / max(height, width)
    small = cv2.resize(
        gray, (max(1, int(width * scale)), max(1, int(height * scale))), interpolation=cv2.INTER_AREA
    )
    background = cv2.dilate(small, np.ones((7, 7), np.uint8))
    background = cv2.medianBlur(background, 21)
    background = cv2.resize(background, (width, height), interpolation=cv2.INTER_LINEAR)
    normalised = cv2.divide(gray, np.maximum(background, 1), scale=255)
    return normalised  # type: ignore[return-value]


def _ink_mask(gray: Gray, max_side: int) -> tuple[Gray, float]:
    height, width = gray.shape
    scale = min(1.0, max_side / max(height, width))
    small = cv2.resize(gray, (int(width * scale), int(height * scale)), interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink, scale  # type: ignore[return-value]


def _profile_score(ink: Gray, angle: float) -> float:
    height, width = ink.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    rotated = cv2.warpAffine(ink, matrix, (width, height), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = rotated.sum(axis=1, dtype=np.float64)
    # Text lines and table rules give sharp row-sum peaks only when they run level.
    return float(np.sum(np.diff(rows) ** 2))


def estimate_skew(gray: Gray) -> float:
    """The page tilt in degrees (positive = content rotated counter-clockwise), by projection profile.

    A coarse search over +/-10 degrees, then two finer passes around the best angle.
    """
    ink, _ = _ink_mask(gray, max_side=1400)
    if not ink.any():
        return 0.0
    best = 0.0
    for step, span in ((0.5, _MAX_SKEW_DEGREES), (0.1, 0.5), (0.02, 0.1)):
        candidates = np.arange(best - span, best + span + step / 2, step)
        scores = [_profile_score(ink, float(angle)) for angle in candidates]
        best = float(candidates[int(np.argmax(scores))])
    # The rotation that straightens the page is the tilt with the opposite sign.
    return -best


def rotate(gray: Gray, degrees: float) -> Gray:
    """Rotate counter-clockwise by `degrees` about the centre, filling with white paper."""
    if abs(degrees) < 0.01:
        return gray
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(  # type: ignore[return-value]
        gray, matrix, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )


def deskew(gray: Gray) -> tuple[Gray, float]:
    skew = estimate_skew(gray)
    return rotate(gray, -skew), skew


def _order_corners(points: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    sums = points.sum(axis=1)
    diffs = np.diff(points, axis=1).ravel()
    return np.array(
        [
            points[np.argmin(sums)],
            points[np.argmin(diffs)],
            points[np.argmax(sums)],
            points[np.argmax(diffs)],
        ],
        dtype=np.float32,
    )  # top-left, top-right, bottom-right, bottom-left


def find_page_quad(gray: Gray) -> npt.NDArray[np.float32] | None:
    """The four corners of a sheet of paper lying on a darker background, or None.

    Only a convex quadrilateral covering a good share of the photo, but not the whole frame,
    counts: a scan edge to edge has no background to crop.
    """
    height, width = gray.shape
    scale = 800 / max(height, width)
    small = cv2.resize(gray, (int(width * scale), int(height * scale)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, paper = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    # Close the print so the sheet is one solid blob.
    paper = cv2.morphologyEx(paper, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(paper, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    sheet = max(contours, key=cv2.contourArea)
    area_share = cv2.contourArea(sheet) / float(small.shape[0] * small.shape[1])
    if not 0.2 <= area_share <= 0.97:
        return None
    perimeter = cv2.arcLength(sheet, True)
    for tolerance in (0.02, 0.03, 0.05):
        approx = cv2.approxPolyDP(sheet, tolerance * perimeter, True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            return _order_corners(approx.reshape(4, 2).astype(np.float32) / scale)
    # Not a clean quadrilateral (a corner curled or cut off): fall back to the rotated bounding rectangle.
    box = cv2.boxPoints(cv2.minAreaRect(sheet))
    return _order_corners(box.astype(np.float32) / scale)


def rectify(gray: Gray, corners: npt.NDArray[np.float32]) -> Gray:
    """Warp the quadrilateral to an upright rectangle at about 300 dpi letter width."""
    top_left, top_right, bottom_right, bottom_left = corners
    width = float(max(np.linalg.norm(top_right - top_left), np.linalg.norm(bottom_right - bottom_left)))
    height = float(max(np.linalg.norm(bottom_left - top_left), np.linalg.norm(bottom_right - top_right)))
    scale = min(TARGET_PAGE_WIDTH / width, (MAX_PREPARED_PIXELS / max(width * height, 1.0)) ** 0.5)
    out_w, out_h = max(1, round(width * scale)), max(1, round(height * scale))
    target = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(  # type: ignore[return-value]
        gray, matrix, (out_w, out_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )


def scale_to_width(gray: Gray, width: int = TARGET_PAGE_WIDTH) -> Gray:
    height, current = gray.shape
    if abs(current - width) / width < 0.15:
        return gray
    factor = min(width / current, (MAX_PREPARED_PIXELS / (current * height)) ** 0.5)
    width = max(1, round(current * factor))
    interpolation = cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA
    return cv2.resize(gray, (width, max(1, round(height * factor))), interpolation=interpolation)  # type: ignore[return-value]


def remove_rules(gray: Gray, min_length_fraction: float = 0.04) -> Gray:
    """Paint long horizontal and vertical lines (table rules) white, leaving text strokes.

    Rules glued to words are the commonest error on clean scans (`|04/01/2026`), but on a
    tilted page a rule is a staircase that the opening misses, so straighten first.
    """
    height, width = gray.shape
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    horizontal = cv2.morphologyEx(
        ink,
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_RECT, (max(10, int(width * min_length_fraction)), 1)),
    )
    vertical = cv2.morphologyEx(
        ink,
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(10, int(height * min_length_fraction * 0.5)))),
    )
    rules = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    cleaned = gray.copy()
    cleaned[rules > 0] = 255
    return cleaned


@dataclass(frozen=True)
class CheckBox:
    left: int  # pixels in the prepared page image
    top: int
    width: int
    height: int
    ticked: bool
    fill: float  # share of the box's inside that is ink
    letter: str = "X"  # what the mark reads as: `X` for a tick or cross, `Y` / `N` for a boxed answer


def find_checkboxes(gray: Gray) -> list[CheckBox]:
    """Small hollow squares (ACORD check boxes, 5-16 pt at 300 dpi) and whether each is ticked.

    Tesseract reads a box as `LJ`, `(J`, `Oo`, `xX` or glues it to its label (`X]PER`, `LJOWNED`);
    finding the boxes in the image lets the engine erase them and report ticks as plain `X` words.
    """
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    contours, _ = cv2.findContours(ink, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    boxes: list[CheckBox] = []
    for contour in contours:
        left, top, width, height = cv2.boundingRect(contour)
        if not (20 <= width <= 70 and 20 <= height <= 70 and 0.8 <= width / height <= 1.25):
            continue
        perimeter = cv2.arcLength(contour, True)
        approx = cv2.approxPolyDP(contour, 0.06 * perimeter, True)
        if len(approx) != 4 or cv2.contourArea(contour) < 0.88 * width * height:
            continue
        border = max(3, round(min(width, height) * 0.18))
        inside = ink[top + border : top + height - border, left + border : left + width - border]
        frame = ink[top : top + height, left : left + width]
        if inside.size == 0:
            continue
        # A box, not a solid blob or a letter: its edges are inked all round. Each side is the
        # best of its three outermost pixel lines (a blurred edge can leave the outermost one faint).
        sides = (
            max(frame[k].mean() for k in (0, 1, 2)),
            max(frame[-k].mean() for k in (1, 2, 3)),
            max(frame[:, k].mean() for k in (0, 1, 2)),
            max(frame[:, -k].mean() for k in (1, 2, 3)),
        )
        if min(sides) < 0.6 * 255:
            continue
        fill = float(inside.mean()) / 255
        # A solid square of check-box size is a mark too: agency systems print a filled box
        # (ZapfDingbats `n`, `■`) in the form's box, and Tesseract reads it as `Mi` or drops it.
        # A letter answer (Y / N) in a wide box can ink less of it than a tick: its shape counts too.
        letter = boxed_letter(_inside_frame(frame)) if fill > 0.025 else "X"
        ticked = fill > 0.08 or (fill > 0.025 and (letter != "X" or _drawn_mark(inside)))
        boxes.append(CheckBox(left, top, width, height, ticked=ticked, fill=fill, letter=letter))
    return _outermost(boxes)


def _inside_frame(frame: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """A box's inside up to its drawn edges: each side's inked lines are walked past, so a letter
    set close to the edge keeps its stem (a fixed margin would cut an N's stem off)."""
    height, width = frame.shape
    inked_rows = edge_lines(frame)
    inked_cols = edge_lines(frame.T)
    # A blurred edge can have one fainter line inside it: walk on while either of the next two is inked.
    top, bottom, left, right = 0, height, 0, width
    while top < height // 3 and (inked_rows[top] or inked_rows[top + 1]):
        top += 1
    while bottom > height - height // 3 and (inked_rows[bottom - 1] or inked_rows[bottom - 2]):
        bottom -= 1
    while left < width // 3 and (inked_cols[left] or inked_cols[left + 1]):
        left += 1
    while right > width - width // 3 and (inked_cols[right - 1] or inked_cols[right - 2]):
        right -= 1
    return frame[top + 1 : bottom - 1, left + 1 : right - 1]


def edge_lines(frame: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Rows of a box's frame that are a drawn edge: inked in one run over most of their length.
    A letter's stem set against the edge is inked across the letter's height only, and stays."""
    inked = frame > 127
    length = frame.shape[1]
    return np.array([_longest_run(row) >= 0.8 * length for row in inked], dtype=bool)


def _longest_run(line: npt.NDArray[np.bool_]) -> int:
    padded = np.concatenate(([0], line.astype(np.int8), [0]))
    changes = np.flatnonzero(np.diff(padded))
    return int((changes[1::2] - changes[::2]).max()) if changes.size else 0


def _symmetry(ink: npt.NDArray[Any], flipped: npt.NDArray[Any]) -> float:
    """Intersection over union of a glyph's ink and the same ink mirrored."""
    union = np.count_nonzero(ink | flipped)
    return float(np.count_nonzero(ink & flipped)) / union if union else 0.0


def boxed_letter(inside: npt.NDArray[Any]) -> str:
    """`Y` or `N` when the ink in a box is that letter (the WC officers-excluded answer is printed
    in a box), else `X` (a cross, a check, a scribble).

    Told apart by symmetry, which survives any font: an X mirrors both ways, a Y only left-right
    (and is wider at the top), an N only under a half turn. A check mark mirrors no way: an X.
    """
    ink = inside > 127
    rows, cols = np.nonzero(ink)
    if rows.size < 12:
        return "X"
    ink = ink[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
    mirror_lr = _symmetry(ink, ink[:, ::-1])
    mirror_ud = _symmetry(ink, ink[::-1, :])
    half_turn = _symmetry(ink, ink[::-1, ::-1])
    height = ink.shape[0]
    quarter = max(1, height // 4)
    top_width = np.ptp(np.nonzero(ink[:quarter].any(axis=0))[0])
    bottom_width = np.ptp(np.nonzero(ink[height - quarter :].any(axis=0))[0])
    if mirror_lr - mirror_ud > 0.3 and top_width > 1.5 * bottom_width:
        return "Y"
    if half_turn > 0.5 and half_turn - max(mirror_lr, mirror_ud) > 0.08:
        return "N"
    if half_turn > _SERIF_N_TURN and half_turn - mirror_lr > 0.12 and _two_stems(ink):
        # A serif N: its serifs mirror top to bottom as well as under a half turn, and its hairline
        # stems, a pixel wide on a scan, land beside themselves when turned.
        return "N"
    return "X"


_SERIF_N_TURN = 0.4


def _two_stems(ink: npt.NDArray[Any]) -> bool:
    """An upright stroke over most of the glyph's height in its left and in its right quarter."""
    width = ink.shape[1]
    quarter = max(1, width // 4)
    tall = ink.mean(axis=0) >= 0.7
    return bool(tall[:quarter].any() and tall[width - quarter :].any())


def _drawn_mark(inside: npt.NDArray[Any]) -> bool:
    """A thin X or check in a large box inks little of it, but it is one stroke figure spanning a
    good part of the box both ways, near its centre; a speck or a scan's noise is not."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(inside, connectivity=8)
    height, width = inside.shape
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        cx, cy = (x + w / 2) / width, (y + h / 2) / height
        if w >= 0.25 * width and h >= 0.3 * height and 0.2 <= cx <= 0.8 and 0.2 <= cy <= 0.8:
            return True
    return False


def _outermost(boxes: list[CheckBox]) -> list[CheckBox]:
    """RETR_LIST gives a box's outer and inner outline: keep the outer one."""
    kept: list[CheckBox] = []
    for box in sorted(boxes, key=lambda b: -(b.width * b.height)):
        inside_another = any(
            k.left <= box.left
            and k.top <= box.top
            and box.left + box.width <= k.left + k.width
            and box.top + box.height <= k.top + k.height
            for k in kept
        )
        if not inside_another:
            kept.append(box)
    return kept


def erase_checkboxes(gray: Gray, boxes: list[CheckBox]) -> Gray:
    cleaned = gray.copy()
    for box in boxes:
        pad = 2
        cleaned[
            max(0, box.top - pad) : box.top + box.height + pad,
            max(0, box.left - pad) : box.left + box.width + pad,
        ] = 255
    return cleaned


def stacked(crops: list[Gray], gap: int) -> tuple[Gray, list[tuple[int, int]]]:
    """Crops stacked one under another on white, `gap` pixels apart and from the edges; with the
    rows each fills (read in one Tesseract call, each crop's words are found by their rows)."""
    width = max(crop.shape[1] for crop in crops) + 2 * gap
    height = sum(crop.shape[0] + gap for crop in crops) + gap
    image = np.full((height, width), 255, np.uint8)
    rows: list[tuple[int, int]] = []
    y = gap
    for crop in crops:
        image[y : y + crop.shape[0], gap : gap + crop.shape[1]] = crop
        rows.append((y, y + crop.shape[0]))
        y += crop.shape[0] + gap
    return image, rows


def is_blank(gray: Gray, ink_share: float = 0.0005) -> bool:
    """Fewer dark pixels than a single short word would leave."""
    return float(np.count_nonzero(gray < 128)) / gray.size < ink_share


def prepare_page(
    gray: Gray, *, photo: bool, strip_rules: bool = False, take_out_checkboxes: bool = False
) -> PreparedPage:
    """The whole preparation: crop and rectify a photo, flatten lighting, straighten.

    Check boxes are found before the rules go (removing rules can nick a box's edges) and are
    erased from the image; table rules are removed last, on the straightened page.

    Photos and image files have no known resolution, so they are brought to 300 dpi letter
    width; PDF pages arrive already rendered at 300 dpi.
    """
    cropped = False
    if photo:
        corners = find_page_quad(gray)
        if corners is not None:
            gray = rectify(gray, corners)
            cropped = True
        gray = scale_to_width(gray)
    gray = normalise_lighting(gray)
    gray, skew = deskew(gray)
    boxes: list[CheckBox] = []
    if take_out_checkboxes:
        boxes = find_checkboxes(gray)
        gray = erase_checkboxes(gray, boxes)
    ruled = None
    if strip_rules:
        ruled, gray = gray, remove_rules(gray)
    return PreparedPage(image=gray, skew_degrees=skew, cropped=cropped, checkboxes=boxes, ruled=ruled)
