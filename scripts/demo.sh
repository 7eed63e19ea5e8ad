#!/usr/bin/env bash
# A sandbox demo of alicloudd end to end: installs what is missing, builds, starts
# `alicloudd --sandbox` (a simulated AliCloud inside the daemon: no account, no network), then
# builds and tears down a small estate through alicloudctl, saying what it does.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
say() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
note() { printf '   %s\n' "$*"; }

say "Installing missing system packages (libcurl, libssl, pkg-config) if any"
scripts/setup.sh
command -v swift >/dev/null || { echo "demo: swift is not installed (https://swift.org/install)" >&2; exit 1; }

say "Building alicloudd and alicloudctl (first build takes a few minutes)"
for product in alicloudd alicloudctl; do
  if ! build_log="$(swift build --product "$product" 2>&1)"; then
    printf '%s\n' "$build_log" >&2
    echo "demo: building $product failed" >&2
    exit 1
  fi
done
note "built"
BIN="$(swift build --show-bin-path)"

WORK="$(mktemp -d /tmp/alicloudd-demo.XXXXXX)"
SOCK="$WORK/alicloudd.sock"
LOG="$WORK/alicloudd.log"
DAEMON=""
cleanup() {
  if [ -n "$DAEMON" ] && kill -0 "$DAEMON" 2>/dev/null; then
    kill -TERM "$DAEMON" 2>/dev/null || true
    wait "$DAEMON" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

say "Starting the daemon with a simulated cloud: alicloudd --sandbox --socket $SOCK"
"$BIN/alicloudd" --sandbox --sandbox-delay-ms 200 --socket "$SOCK" 2>"$LOG" &
DAEMON=$!
for _ in $(seq 1 100); do [ -S "$SOCK" ] && break; sleep 0.1; done
[ -S "$SOCK" ] || { echo "demo: the daemon did not start:" >&2; cat "$LOG" >&2; exit 1; }
note "daemon pid $DAEMON; its log: $LOG"

export ALICLOUDD_SOCKET="$SOCK"
REGION=ap-southeast-1
ZONE=ap-southeast-1b
ctl() { "$BIN/alicloudctl" --region "$REGION" --json compact "$@"; }
# field NAME JSON: the first output's NAME.
field() { printf '%s' "$2" | sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" | head -n 1; }
# run "what it does" alicloudctl-args...: runs one operation, prints its result in words and,
# under it, the state changes the daemon reported while it waited (alicloudctl --progress).
run() {
  local what="$1"
  shift
  printf '   %-58s' "$what"
  local out status=0
  out="$(ctl --progress "$@" 2>"$WORK/progress")" || status=$?
  # The progress line is redrawn with CR and ESC[K; keep the transitions ("a -> b").
  local steps
  steps="$(tr '\r' '\n' <"$WORK/progress" | sed 's/\x1b\[K//g; s/^\xe2\x80\xa6 [^:]*, [0-9.]* s: //' | grep -e ' -> ' | awk '!seen[$0]++' || true)"
  if [ $status -ne 0 ]; then
    echo "FAILED"
    printf '%s\n' "$out" >&2
    tr '\r' '\n' <"$WORK/progress" | sed 's/\x1b\[K//g' | grep -v -e '^$' -e '^\xe2\x80\xa6' >&2 || true
    exit 1
  fi
  echo "ok"
  [ -z "$steps" ] || printf '%s\n' "$steps" | awk '!seen[$0]++ { print "     . " $0 }'
  RESULT="$out"
}

ctl ping >/dev/null && note "alicloudctl ping: the daemon answers"

say "Network: a VPC with a vSwitch, a NAT gateway with two elastic IPs, and SNAT"
run "create VPC demo-vpc (10.0.0.0/16)" vpc create --vpcName demo-vpc --cidrBlock 10.0.0.0/16
VPC="$(field vpcId "$RESULT")"; note "vpcId $VPC"
run "create vSwitch demo-vsw (10.0.1.0/24) in $ZONE" vswitch create --vpcId "$VPC" \
  --vSwitchName demo-vsw --cidrBlock 10.0.1.0/24 --zoneId "$ZONE"
VSW="$(field vSwitchId "$RESULT")"; note "vSwitchId $VSW"
run "create NAT gateway demo-nat" vpc nat create --vpcId "$VPC" --vSwitchId "$VSW" --name demo-nat
NAT="$(field natGatewayId "$RESULT")"; SNAT_TABLE="$(field snatTableId "$RESULT")"; note "natGatewayId $NAT"
run "allocate two elastic IPs (one call, two inputs)" vpc eip allocate --bandwidth 5 --next --bandwidth 5
EIPS=($(printf '%s' "$RESULT" | grep -o '"eipAddress":"[^"]*"' | cut -d'"' -f4))
ALLOCS=($(printf '%s' "$RESULT" | grep -o '"allocationId":"[^"]*"' | cut -d'"' -f4))
note "public IPs ${EIPS[*]}"
run "SNAT: the vSwitch goes out through ${EIPS[0]}" vpc nat snat_entry create --natId "$NAT" \
  --snatTableId "$SNAT_TABLE" --snatIp "${EIPS[0]}" --sourceVSwitchId "$VSW"
SNAT="$(field snatEntryId "$RESULT")"; note "snatEntryId $SNAT"
run "SNAT: add ${EIPS[1]} to the entry" vpc nat snat_entry modify append --natId "$NAT" \
  --snatTableId "$SNAT_TABLE" --snatEntryId "$SNAT" --snatIp "${EIPS[1]}"

say "Compute: a security group, a VM, a data disk"
run "create security group demo-sg" security_group create --vpcId "$VPC" --securityGroupName demo-sg \
  --description "demo web servers"
SG="$(field securityGroupId "$RESULT")"; note "securityGroupId $SG"
run "allow tcp 22 and 443 in from 10.0.0.0/8" security_group authorize --securityGroupId "$SG" \
  --actionType ingress --policy accept --ipProtocol "[tcp,tcp]" --portRange "[22,443]" \
  --cidrIp 10.0.0.0/8 --description "ssh and https from the VPCs"
run "create VM demo-vm (2 cores, 4 GiB, family c5)" vm create --vSwitchId "$VSW" --securityGroupId "$SG" \
  --zoneId "$ZONE" --instanceName demo-vm --instanceSpec 2C4G --instanceFamily c5 --guid demo-vm \
  --seed demo-seed --imageId ubuntu_22_04_x64_20G_alibase_20240101.vhd
VM="$(field instanceId "$RESULT")"; VM_PASSWORD="$(field password "$RESULT")"
note "instanceId $VM, private IP $(field privateIp "$RESULT"), type $(field instanceType "$RESULT")"
note "its generated password comes back encrypted: $VM_PASSWORD"
run "create a 40 GiB disk, attach, format ext4, mount on /data" disk create_attach --instanceId "$VM" \
  --instanceGuid demo-vm --seed demo-seed --password "$VM_PASSWORD" --zoneId "$ZONE" --diskName demo-disk \
  --size 40 --diskCategory cloud_essd --fileSystemType ext4 --mountDir /data
DISK="$(field diskId "$RESULT")"; note "diskId $DISK on $(field volumeName "$RESULT")"

say "Data and traffic: a load balancer in front of the VM, RDS MySQL, Redis"
run "create security group demo-db-sg for the data stores" security_group create --vpcId "$VPC" \
  --securityGroupName demo-db-sg --description "demo data stores"
DB_SG="$(field securityGroupId "$RESULT")"; note "securityGroupId $DB_SG"
run "create load balancer demo-lb" load_balancer create --vpcId "$VPC" --vSwitchId "$VSW" \
  --loadBalancerName demo-lb --addressType intranet
LB="$(field loadBalancerId "$RESULT")"; note "loadBalancerId $LB at $(field address "$RESULT")"
run "add the VM behind listener tcp/80" load_balancer backend_server add --loadBalancerId "$LB" \
  --hostIds "[$VM]" --hostPorts "[80]" --listenerPort 80 --listenerProtocol tcp --vServerGroupName web \
  --bandwidth 5
run "create RDS MySQL 8.0 (1 core, 2 GiB, 20 GiB)" rds db create --vpcId "$VPC" \
  --vSwitchId "$VSW" --zoneId "$ZONE" --securityGroupId "$SG" --engine MySQL --engineVersion 8.0 \
  --dBInstanceSpec 1C2G --dBInstanceStorage 20 --dBInstanceStorageType cloud_essd \
  --securityIPList "[10.0.1.0/24]" --accountName demo --seed demo-seed --guid demo-rds
RDS="$(field dBInstanceId "$RESULT")"
note "dBInstanceId $RDS, class $(field dBInstanceClass "$RESULT"), at $(field connectionString "$RESULT"):$(field port "$RESULT")"
run "let 10.0.2.0/24 reach the database too" rds security_ip append --dBInstanceId "$RDS" \
  --securityIps "[10.0.2.0/24]"
run "set the whitelist to both networks in one step (Cover)" rds security_ip modify --dBInstanceId "$RDS" \
  --securityIps "[10.0.1.0/24,10.0.2.0/24]" --modifyMode Cover
run "put the database in demo-db-sg too" rds security_group append --dBInstanceId "$RDS" \
  --securityGroupId "[$DB_SG]"
run "back it up (physical backup)" rds backup create --dBInstanceId "$RDS" --backupMethod Physical
BACKUP="$(field backupId "$RESULT")"; note "backupId $BACKUP"
run "create Redis 5.0 (1 GiB), reachable from the vSwitch" redis create --vpcId "$VPC" --vSwitchId "$VSW" \
  --zoneId "$ZONE" --instanceName demo-redis --capacity 1024 --engineVersion 5.0 --chargeType PostPaid \
  --securityIps "[10.0.1.0/24]" --securityGroupId "$SG" --seed demo-seed --guid demo-redis
REDIS="$(field instanceId "$RESULT")"
note "instanceId $REDIS at $(field connectionDomain "$RESULT"):$(field port "$RESULT")"
run "put Redis in demo-db-sg too" redis security_group append --dBInstanceId "$REDIS" \
  --securityGroupId "[$DB_SG]"

say "What exists now, read back: alicloudctl vm list --output table, rds db list, redis list"
ctl vm list --output table --query instanceId,instanceType,privateIp,status | sed 's/^/   /'
ctl rds db list --output table --query dBInstanceId,engine,engineVersion,status | sed 's/^/   /'
ctl redis list --output table --query instanceId,capacity,connectionDomain,status | sed 's/^/   /'

say "The daemon's view: alicloudctl status (calls, cloud API calls, cache)"
ctl status | sed -n 's/.*"inFlight":\([0-9]*\).*/   calls in flight now: \1/p'
note "cloud API calls so far: $(ctl status | grep -o '"apiCalls":[0-9]*' | head -n 1 | cut -d: -f2)"

say "Teardown: everything goes, dependants first"
run "take Redis out of demo-db-sg" redis security_group remove --dBInstanceId "$REDIS" \
  --securityGroupId "$DB_SG"
run "delete Redis" redis delete --instanceId "$REDIS"
run "delete the RDS backup" rds backup delete --dBInstanceId "$RDS" --backupId "$BACKUP"
run "take 10.0.2.0/24 off the database's whitelist" rds security_ip delete --dBInstanceId "$RDS" \
  --securityIps "[10.0.2.0/24]"
run "take the database out of demo-db-sg" rds security_group remove --dBInstanceId "$RDS" \
  --securityGroupId "$DB_SG"
run "delete RDS (its account goes with it)" rds db delete --dBInstanceId "$RDS"
run "delete security group demo-db-sg" security_group delete --securityGroupId "$DB_SG"
run "delete load balancer (listener and server group with it)" load_balancer delete --loadBalancerId "$LB"
run "unmount /data, detach and delete the disk" disk detach_delete --instanceId "$VM" --diskId "$DISK" \
  --instanceGuid demo-vm --seed demo-seed --password "$VM_PASSWORD" --unmountDir /data --volumeName /dev/vdb
run "delete the VM" vm delete --instanceId "$VM"
run "delete the security group" security_group delete --securityGroupId "$SG"
run "delete the SNAT entry" vpc nat snat_entry delete --natId "$NAT" --snatTableId "$SNAT_TABLE" \
  --snatEntryId "$SNAT"
run "release both elastic IPs" vpc eip release --allocationId "${ALLOCS[0]}" --next --allocationId "${ALLOCS[1]}"
run "delete the NAT gateway" vpc nat delete --natGatewayId "$NAT"
run "delete the vSwitch" vswitch delete --vSwitchId "$VSW"
run "delete the VPC" vpc delete --vpcId "$VPC"

say "Done"
LEFT="$(ctl status | grep -o '"resources":[0-9]*' | head -n 1 | cut -d: -f2)"
note "resources left in the sandbox (alicloudctl status): ${LEFT:-unknown}"
[ "$LEFT" = 0 ] || { echo "demo: the teardown left resources behind" >&2; exit 1; }
note "Next: scripts/test.sh runs every test; README.md shows the CLI, clients, HTTP gateway and real-cloud setup."
