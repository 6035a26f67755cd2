"""Predictions: see finder.py."""

from rashomon.annotate.predictions.finder import Prediction, PredictionFinder

__all__ = ["Prediction", "PredictionFinder"]
