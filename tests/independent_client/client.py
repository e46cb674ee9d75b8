#!/usr/bin/env python3
"""A Vault API client written only from Antom's documented protocol, independent of vaultcheck's
code: it signs with the `openssl` command and Python's standard library, vaults Antom's sandbox
test cards (docs.antom.com/ac/ref/card): the success card at once, the failure card to FAIL, the
3DS-exemption card at once despite `is3DSAuthentication` "true", and the success card with
`is3DSAuthentication` "true" through the 3DS page `normalUrl` points to; it inquires each, and
verifies every response signature with Antom's public key.

usage: client.py BASE_URL CLIENT_ID MERCHANT_PRIVATE_KEY_PEM ANTOM_PUBLIC_KEY_PEM
"""

import base64
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

BASE, CLIENT_ID, PRIVATE_KEY, PUBLIC_KEY = sys.argv[1:5]
PREFIX = "/ams/sandbox/api/v1/vaults/" if CLIENT_ID.startswith("SANDBOX_") else "/ams/api/v1/vaults/"


def openssl(*args, data=b""):
    return subprocess.run(["openssl", *args], input=data, capture_output=True, check=False)


def sign(content: bytes) -> str:
    # RSA256: SHA256withRSA (PKCS#1 v1.5), standard base64, URL-encoded.
    result = openssl("dgst", "-sha256", "-sign", PRIVATE_KEY, data=content)
    if result.returncode != 0:
        raise SystemExit("openssl could not sign: " + result.stderr.decode())
    return urllib.parse.quote_plus(base64.b64encode(result.stdout).decode())


def verify(path: str, headers, body: bytes) -> None:
    value = headers["signature"]
    signature = value.split("signature=", 1)[1].split(",")[0]
    raw = base64.b64decode(urllib.parse.unquote(signature))
    content = f"POST {path}\n{headers['client-id']}.{headers['response-time']}.".encode() + body
    with tempfile.TemporaryDirectory() as tmp:
        sig_file = os.path.join(tmp, "sig")
        with open(sig_file, "wb") as handle:
            handle.write(raw)
        result = openssl("dgst", "-sha256", "-verify", PUBLIC_KEY, "-signature", sig_file, data=content)
    if result.returncode != 0:
        raise SystemExit(f"response signature of {path} does not verify: {result.stdout!r}")


def call(name: str, payload: dict) -> dict:
    path = PREFIX + name
    body = json.dumps(payload).encode()
    request_time = str(int(time.time() * 1000))
    content = f"POST {path}\n{CLIENT_ID}.{request_time}.".encode() + body
    request = urllib.request.Request(BASE + path, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=UTF-8",
        "Client-Id": CLIENT_ID,
        "Request-Time": request_time,
        "Signature": f"algorithm=RSA256,keyVersion=1,signature={sign(content)}",
    })
    with urllib.request.urlopen(request, timeout=10) as response:
        answer = response.read()
        headers = {k.lower(): v for k, v in response.headers.items()}
    verify(path, headers, answer)
    return json.loads(answer)


stamp = int(time.time() * 1000)


def vault(name, card_no, three_ds=None):
    card = {"cardNo": card_no, "expiryMonth": "12", "expiryYear": "30", "cvv": "123"}
    if three_ds is not None:
        card["is3DSAuthentication"] = three_ds
    vaulting_id = "independent-%s-%d" % (name, stamp)
    answer = call("vaultPaymentMethod", {
        "vaultingRequestId": vaulting_id,
        "vaultingNotificationUrl": "https://merchant.invalid/notify",
        "redirectUrl": "https://merchant.invalid/back",
        "paymentMethodDetail": {"paymentMethodType": "CARD", "card": card},
        "env": {"terminalType": "WEB"},
    })
    return vaulting_id, answer


def inquire(vaulting_id):
    return call("inquireVaulting", {"vaultingRequestId": vaulting_id})


# Antom's documented sandbox cards.
SUCCESS, DECLINED, EXEMPT = "4054695723100768", "4054692760174822", "4035501000000008"

vaulting_id, vaulted = vault("success", SUCCESS)
assert vaulted["result"]["resultStatus"] == "S", vaulted
assert inquire(vaulting_id)["vaultingStatus"] == "SUCCESS"

vaulting_id, vaulted = vault("declined", DECLINED)
assert vaulted["result"]["resultCode"] == "VERIFICATION_FAIL", vaulted
assert inquire(vaulting_id)["vaultingStatus"] == "FAIL"

vaulting_id, vaulted = vault("exempt", EXEMPT, "true")
assert vaulted["result"]["resultCode"] == "SUCCESS" and "normalUrl" not in vaulted, vaulted
assert inquire(vaulting_id)["vaultingStatus"] == "SUCCESS"

vaulting_id, vaulted = vault("3ds", SUCCESS, "true")
assert vaulted["result"]["resultCode"] == "VERIFICATION_IN_PROCESS", vaulted
challenge = vaulted["normalUrl"]

pending = inquire(vaulting_id)
assert pending["vaultingStatus"] == "PROCESSING", pending

page = urllib.request.urlopen(challenge, timeout=10).read().decode()
assert 'id="approve"' in page, page
urllib.request.urlopen(urllib.request.Request(challenge + "/approve", data=b"", method="POST"), timeout=10).read()

done = inquire(vaulting_id)
assert done["vaultingStatus"] == "SUCCESS", done
assert done["paymentMethodDetail"]["card"]["maskedCardNo"].endswith("0768"), done
print("independent client: success, declined, exempt and 3DS-approved vaultings as documented; every signature verified")
