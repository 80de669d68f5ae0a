"""Paths to the fixtures shared by the tests."""

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
GOLD = sorted((FIXTURES / "gold").glob("*.json"))


def seed(prefix: str) -> Path:
    """The seed whose file name starts with prefix ("000", "004"...)."""
    return next(p for p in SEEDS if p.name.startswith(prefix))


def phone_photo(width: int = 4032, height: int = 3024, orientation: int = 1,
                grain: bool = False) -> bytes:
    """A JPEG as a phone takes it: `width` × `height` stored, turned by its EXIF orientation
    (6: shown rotated a quarter turn, as a phone held upright writes it), with a date taken;
    with `grain`, full of detail as a photo of a crowded notice board (about 11 MB)."""
    import os
    from io import BytesIO

    from PIL import Image

    image = (Image.frombytes("RGB", (width // 2, height // 2),
                             os.urandom(width * height * 3 // 4)).resize((width, height))
             if grain else Image.new("RGB", (width, height), "white"))
    image.paste((180, 40, 40), (0, 0, width // 4, height // 4))  # a mark to tell a corner by
    exif = image.getexif()
    exif[0x0112], exif[0x0132] = orientation, "2024:05:09 08:30:00"  # Orientation, DateTime
    out = BytesIO()
    image.save(out, "JPEG", quality=95 if grain else 90, exif=exif)
    return out.getvalue()
