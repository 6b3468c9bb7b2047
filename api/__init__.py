"""newskg HTTP service: SPARQL endpoint, REST API and web explorer over a newskg store."""
