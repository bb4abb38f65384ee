"""The network annual report: assembling figures from insights and rendering HTML and PDF."""
