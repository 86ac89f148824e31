#!/usr/bin/env bash
# Fetches the upstream OpenAPI documents the tests read into $SPECS_DIR
# (default ../shared/specs, beside the checkout), each from its source
# repository at a pinned commit, and checks its sha256. The documents are
# third-party: they are never committed to this repository.
#
# The commits MUST be filled in (full 40-character hashes) from the source
# repositories before this script can run: they were not reachable from the
# machine this script was written on. The short prefixes below are those
# recorded with the copies the checksums were taken from (the README of
# ../shared/specs); the script refuses a commit that does not start with
# its prefix. Each may also be given in the environment.
#   Qovery: https://github.com/Qovery/qovery-openapi-spec
#   Vonage: https://github.com/Vonage/api-specification (formerly Nexmo/api-specification)
#
# The published client docs the golden tests compare against ($SEEDS_DIR)
# are not fetched here; without them those checks skip.
set -euo pipefail
cd "$(dirname "$0")/.."

QOVERY_COMMIT=${QOVERY_COMMIT:-FILL_IN}                     # starts with 651aed53 (2026-08-20)
QOVERY_2026_04_23_COMMIT=${QOVERY_2026_04_23_COMMIT:-FILL_IN} # starts with acd86efe
QOVERY_2025_11_25_COMMIT=${QOVERY_2025_11_25_COMMIT:-FILL_IN} # starts with 099f8377
VONAGE_COMMIT=${VONAGE_COMMIT:-FILL_IN}                     # starts with ad042003

QOVERY_RAW=https://raw.githubusercontent.com/Qovery/qovery-openapi-spec
VONAGE_RAW=https://raw.githubusercontent.com/Vonage/api-specification

dest=${SPECS_DIR:-../shared/specs}

# check_commit NAME VALUE PREFIX: a full hash that starts with the recorded prefix.
check_commit() {
    if ! [[ $2 =~ ^[0-9a-f]{40}$ && $2 == "$3"* ]]; then
        echo "error: $1 is \`$2\`; fill in the full commit starting with $3 from the source repository" >&2
        exit 1
    fi
}
check_commit QOVERY_COMMIT "$QOVERY_COMMIT" 651aed53
check_commit QOVERY_2026_04_23_COMMIT "$QOVERY_2026_04_23_COMMIT" acd86efe
check_commit QOVERY_2025_11_25_COMMIT "$QOVERY_2025_11_25_COMMIT" 099f8377
check_commit VONAGE_COMMIT "$VONAGE_COMMIT" ad042003

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fetch DEST_PATH REPO COMMIT SOURCE_PATH SHA256: downloads, verifies, then
# moves into place, so a wrong file never lands in $SPECS_DIR.
fetch() {
    local path=$1 repo=$2 commit=$3 source=$4 sha=$5 base
    case $repo in
        qovery) base=$QOVERY_RAW ;;
        vonage) base=$VONAGE_RAW ;;
    esac
    local file="$tmp/${path//\//_}"
    curl -fsSL --retry 3 -o "$file" "$base/$commit/$source"
    local got
    got=$(sha256sum "$file" | cut -d' ' -f1)
    if [[ $got != "$sha" ]]; then
        echo "error: $path ($base/$commit/$source): sha256 $got, expected $sha" >&2
        exit 1
    fi
    mkdir -p "$dest/$(dirname "$path")"
    mv "$file" "$dest/$path"
    echo "ok $path"
}

# destination                               repository, commit, path in it, sha256
fetch qovery/history/openapi-2025-11-25.yaml qovery "$QOVERY_2025_11_25_COMMIT" openapi.yaml b984741ed8d45cfe3ebde2e2f4424174d02a3adbe27ac313d1e8abb5c8ca15f0
fetch qovery/history/openapi-2026-04-23.yaml qovery "$QOVERY_2026_04_23_COMMIT" openapi.yaml a030cfba66c9a7058020218574a8e1b1b5f093c20ddbb76c1935eda4ccc252f8
fetch qovery/openapi.yaml qovery "$QOVERY_COMMIT" openapi.yaml ce9dcf6946a28de814ddefd9961d195b6f393df38a75b69caa701c8043621aac
fetch qovery/websocket-openapi.yaml qovery "$QOVERY_COMMIT" websocket/websocket-openapi.yaml 971c31e3210a509306125647ab70b6833b2f11b0a28dc3763ebfca731c37ca4b
fetch vonage/account.yml vonage "$VONAGE_COMMIT" definitions/account.yml 7c9cd13715c219707c9d869b41310e0fb17005591ae5ab8a2b9c82b5aa385e26
fetch vonage/application.v2.yml vonage "$VONAGE_COMMIT" definitions/application.v2.yml 91470f69ad7093053e7badf3ff56a18935d8b5e27924136ab18d80887866d8f9
fetch vonage/application.yml vonage "$VONAGE_COMMIT" definitions/application.yml a14f4d11c2bffae74063df0f240eb68ab82677febab046e5ec94c5b1658f950a
fetch vonage/audit.yml vonage "$VONAGE_COMMIT" definitions/audit.yml e181de0b8ddde9506cbeea08a11850821c893ff22a5a0feaa1c2a4a268ae9e52
fetch vonage/common/common_errors.yml vonage "$VONAGE_COMMIT" definitions/common/common_errors.yml a28354f0757c1ec34d93ed6c5e224a465f68729668f8d155b9d2ac4f4f25f883
fetch vonage/conversation.v2.yml vonage "$VONAGE_COMMIT" definitions/conversation.v2.yml 6fbb617e9923f17b8d6ede0cac4cd82305783c8181bfe307f596a576f81e76e3
fetch vonage/conversation.yml vonage "$VONAGE_COMMIT" definitions/conversation.yml c277632b73c08f30b22689b09e143400ff7b4c71b357b202cae4f83a23335f64
fetch vonage/conversion.yml vonage "$VONAGE_COMMIT" definitions/conversion.yml 68de95020f8fe80c9ee77e5fd22a1672722adaf36622e80acd308809cd785173
fetch vonage/developer/messages.yml vonage "$VONAGE_COMMIT" definitions/developer/messages.yml b1ac325c37c90693b696a58ea58d18a28fea891b9d85d0f61946989bca6fbfac
fetch vonage/dispatch.yml vonage "$VONAGE_COMMIT" definitions/dispatch.yml 940df262d0da7e7c78e8f264d761482846fe772870fff474202690c4684908dc
fetch vonage/external-accounts.yml vonage "$VONAGE_COMMIT" definitions/external-accounts.yml 3f5612567068c2c40a87133e4adb52e178443a1a888b09dff5b1f954de04e90b
fetch vonage/media.yml vonage "$VONAGE_COMMIT" definitions/media.yml d4dba3b2496dca3bf1e170b138f1d17edd2ef5328d3d6ca4f47dbd5d9e947458
fetch vonage/messages-olympus.yml vonage "$VONAGE_COMMIT" definitions/messages-olympus.yml e48033ab641808ba840f28409eec601f7b60353c971508da34ca9f5308257eb0
fetch vonage/number-insight.yml vonage "$VONAGE_COMMIT" definitions/number-insight.yml 079616a7c281e939e5f5893850a2779ae9b9db2cea768ec3e5a5fe03da379ba7
fetch vonage/numbers.yml vonage "$VONAGE_COMMIT" definitions/numbers.yml 04a0612e6af93ecd9688df745e08476652c008202e9543a830de26fbd970e5b1
fetch vonage/pricing.yml vonage "$VONAGE_COMMIT" definitions/pricing.yml 74dab48ffe594b6bba0eb01ecf0466c42c8ff6aed363f37cca1e554f4c302a95
fetch vonage/redact.yml vonage "$VONAGE_COMMIT" definitions/redact.yml 0c28af21df4fe0fcafbd76291b36f277a6bad1f625fa15f249c5a46213c06e93
fetch vonage/reports.yml vonage "$VONAGE_COMMIT" definitions/reports.yml e656ba4057e8309c3d17c682209760419175f96669a82f647f1e44ae32a169c5
fetch vonage/sms.yml vonage "$VONAGE_COMMIT" definitions/sms.yml cc6d6324057ea3511fbadebb19b251428e3676f98d24928e4bee125f67ba63f4
fetch vonage/subaccounts.yml vonage "$VONAGE_COMMIT" definitions/subaccounts.yml c26573f5b5447c5a39872ea093dd3e3ff338a001673543d5fcddec05836cb603
fetch vonage/verify.yml vonage "$VONAGE_COMMIT" definitions/verify.yml 0f8d5510b43fd9677fc573262278bc5b97c5020a1b4649cbc8a6663688c5522e
fetch vonage/voice.v2.yml vonage "$VONAGE_COMMIT" definitions/voice.v2.yml a515ca017ba2aa322e54dea9be0fea3fa02070c72e0a1c1631915ff4658d645d
fetch vonage/voice.yml vonage "$VONAGE_COMMIT" definitions/voice.yml 32779e6bf1ad887b423042d7b5904f8a77d15c86542d38fe1dd96c26cb5f9d56
fetch vonage/vonage-business-cloud/account.yml vonage "$VONAGE_COMMIT" definitions/vonage-business-cloud/account.yml 2205884b8c8fd4a1bc2f87ef75433c4a7b51e164429bbe374e58b5ca01753403
fetch vonage/vonage-business-cloud/call-recording.yml vonage "$VONAGE_COMMIT" definitions/vonage-business-cloud/call-recording.yml 5cb87cd5b09972e7bd5bcff7a051f4f1d1db9e6ddad5efa97af167c4035520bf
fetch vonage/vonage-business-cloud/extension.yml vonage "$VONAGE_COMMIT" definitions/vonage-business-cloud/extension.yml 4ed66e8f44ee4003a439563c422a5ff95104dfa5e5fdcc93a0b835a51572cf97
fetch vonage/vonage-business-cloud/reports.yml vonage "$VONAGE_COMMIT" definitions/vonage-business-cloud/reports.yml f4e64741f78b9edbb012dc8c67cb27619c22d004920b5c0764c0961f227b2a96
fetch vonage/vonage-business-cloud/user.yml vonage "$VONAGE_COMMIT" definitions/vonage-business-cloud/user.yml 0f14a29294b3e1149c3a10f1d4c69fc32afa107c5e06aed3068243afb46f72ec
fetch vonage/vonage-business-cloud/vgis.yml vonage "$VONAGE_COMMIT" definitions/vonage-business-cloud/vgis.yml 3f43fb89819f73641e60a0a1002004254bd4e1a4c7398d77cd39ab5584220a3a
fetch vonage/whatsapp-provisioning.yml vonage "$VONAGE_COMMIT" definitions/whatsapp-provisioning.yml af521ffdea2c1dcb57c8967705e78bdd2f833e8640c810f5dbad9262c97484cd

echo "all upstream documents are in $dest"
