# case: bad-url
https://example.org/a.tar.gz
# case: ok-string
"https://example.org/a.tar.gz"
