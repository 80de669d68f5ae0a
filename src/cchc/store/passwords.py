"""Password hashing with argon2id (argon2-cffi defaults, RFC 9106 low-memory profile) and the
password policy."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from cchc.domain.vntext import fold

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches; a malformed hash never matches."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


MIN_LENGTH, MAX_LENGTH = 10, 128


class PasswordRejected(ValueError):
    """The password breaks the policy; the message says why, in Vietnamese."""


def check_password_policy(password: str, username: str = "", display_name: str = "") -> None:
    """Django-style validators in one place: length, a list of common passwords (zxcvbn's),
    similarity to the account's own names, and zxcvbn's guessability score."""
    if len(password) < MIN_LENGTH:
        raise PasswordRejected(f"Mật khẩu cần ít nhất {MIN_LENGTH} ký tự.")
    if len(password) > MAX_LENGTH:
        raise PasswordRejected(f"Mật khẩu dài tối đa {MAX_LENGTH} ký tự.")
    folded = fold(password).replace(" ", "")
    if folded in _common_passwords():
        raise PasswordRejected("Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác.")
    names = [fold(n).replace(" ", "") for n in (username, display_name) if len(n) >= 3]
    if any(name in folded for name in names):
        raise PasswordRejected("Mật khẩu không được chứa tên đăng nhập hoặc họ tên.")
    if zxcvbn(password[:100], user_inputs=[username, display_name, "cchc"])["score"] < 2:
        raise PasswordRejected("Mật khẩu quá dễ đoán; hãy dùng một cụm từ dài hơn, có chữ, số "
                               "và ký hiệu.")


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])
