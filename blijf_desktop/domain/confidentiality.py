"""The confidentiality declaration every user accepts before working (convenant Blijf 7.1, 9.2).
The text is translated in the UI; its version is recorded with the acceptance."""

VERSION = "blijf-7.1-2022"
