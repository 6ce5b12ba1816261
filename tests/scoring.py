"""Precision, recall and F1 from counts of right, wrong and missed: one definition for
every dev set this project scores (extraction, story starts)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Tally:
    right: int = 0
    wrong: int = 0
    missed: int = 0

    @property
    def precision(self) -> float:
        """Of what was made, the share that is right (1.0 when nothing was made)."""
        made = self.right + self.wrong
        return self.right / made if made else 1.0

    @property
    def recall(self) -> float:
        """Of what a careful reader wants, the share that was made."""
        wanted = self.right + self.missed
        return self.right / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add_counts(self, other: Tally) -> None:
        self.right += other.right
        self.wrong += other.wrong
        self.missed += other.missed
