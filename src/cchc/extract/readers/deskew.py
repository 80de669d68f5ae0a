"""Straightening a scanned page: the small skew of a sheet fed askew, and quarter turns.

The skew is the angle at which the rows of ink are sharpest: the variance of the page's
horizontal projection (ink per pixel row) is largest when text lines and ruling lines lie
flat. It is searched on a reduced copy, coarse then fine, within MAX_SKEW degrees.
"""

from __future__ import annotations

import cv2
import numpy as np

MAX_SKEW = 5.0  # degrees; a page fed more askew than this is a photo, not a scan
_WORK_WIDTH = 1200  # pixels of the reduced copy the angle is searched on
_MIN_ANGLE = 0.05  # below this a rotation costs sharpness for nothing


def skew_angle(ink: np.ndarray) -> float:
    """The angle in degrees (counter-clockwise positive, as cv2) that levels the ink."""
    scale = _WORK_WIDTH / ink.shape[1]
    small = cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    best = 0.0
    for step, span in ((0.5, MAX_SKEW), (0.1, 0.5), (0.02, 0.1)):
        candidates = np.arange(best - span, best + span + step / 2, step)
        best = max(candidates, key=lambda a: _sharpness(small, a))
    return float(best)


def level(gray: np.ndarray, angle: float) -> np.ndarray:
    """The page rotated by `angle` degrees about its centre, white where nothing was."""
    if abs(angle) < _MIN_ANGLE:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def quarter_turn(gray: np.ndarray, degrees: int) -> np.ndarray:
    """The page turned clockwise by 90, 180 or 270 degrees."""
    turns = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180,
             270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(gray, turns[degrees]) if degrees in turns else gray


def _sharpness(ink: np.ndarray, angle: float) -> float:
    h, w = ink.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), float(angle), 1.0)
    rotated = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST)
    profile = rotated.sum(axis=1, dtype=np.float64)
    return float(np.var(profile))
