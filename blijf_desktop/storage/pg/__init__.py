"""Server mode (issue 23): the store on a PostgreSQL server, behind the same repository
interface as the local SQLCipher store. See docs/server-mode.md."""
