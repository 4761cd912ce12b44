import { createHmac } from "node:crypto";

// A token telling Hearback who is answering; valid for `validFor` seconds.
export function signCustomer(secret, id, attributes, validFor = 3600) {
  const exp = Math.floor(Date.now() / 1000) + validFor;
  const payload = Buffer.from(JSON.stringify({ id, attributes, exp })).toString("base64url");
  const mac = createHmac("sha256", secret).update(payload).digest("base64url");
  return `${payload}.${mac}`;
}

// node sign.mjs SECRET CUSTOMER_ID '{"plan": "pro"}' [VALID_FOR_SECONDS]
if (process.argv[2]) {
  console.log(signCustomer(process.argv[2], process.argv[3], JSON.parse(process.argv[4]), +(process.argv[5] ?? 3600)));
}
