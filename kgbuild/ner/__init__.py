"""Statistical named-entity recognition (CRF) for Arabic and English."""
