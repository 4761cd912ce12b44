import base64, hashlib, hmac, json, sys, time


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign_customer(secret: str, customer_id: str, attributes: dict, valid_for: int = 3600) -> str:
    """A token telling Hearback who is answering; valid for `valid_for` seconds."""
    claims = {"id": customer_id, "attributes": attributes, "exp": int(time.time()) + valid_for}
    payload = b64url(json.dumps(claims).encode())
    mac = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()
    return payload + "." + b64url(mac)


if __name__ == "__main__":
    # python3 sign.py SECRET CUSTOMER_ID '{"plan": "pro"}' [VALID_FOR_SECONDS]
    valid_for = int(sys.argv[4]) if len(sys.argv) > 4 else 3600
    print(sign_customer(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), valid_for))
