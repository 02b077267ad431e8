"""The guided flow for a new exchange (issue 18): its steps, the PDF preview, its texts."""
