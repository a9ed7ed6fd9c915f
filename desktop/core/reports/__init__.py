"""PDF documents in the administrative layout of Decree 30/2020/NĐ-CP (ReportLab)."""
