"""The planning & control (P&C) calendar: kadernota, begroting, berap, jaarrekening per year."""
