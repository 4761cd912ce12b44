-- Failed log-ins are now counted by the digest of the client's address (`ip:` and 64 hex
-- digits): no IP address is stored. Rows kept under a raw address before go.
DELETE FROM login_failures WHERE subject LIKE 'ip:%' AND LENGTH(subject) <> 67;
