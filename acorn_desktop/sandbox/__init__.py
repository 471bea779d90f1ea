"""The simulated Amazon: deterministic data generator (and, later, the local SP-API server). Qt-free."""
