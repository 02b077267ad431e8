"""The exchange register's widgets: an opened entry, the police-information form, a case picker."""
