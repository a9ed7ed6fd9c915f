"""Small reusable widgets drawn with QPainter (charts, figure tiles)."""
