# bash completion for alicloudctl. Generated from the operation catalogue; do not edit.
_alicloudctl() {
  local cur prev i w skip=0 path=""
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
    --json) COMPREPLY=($(compgen -W "pretty compact" -- "$cur")); return ;;
    --socket) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  # The command's words so far: every word not an option or an option's value.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="${COMP_WORDS[i]}"
    if ((skip)); then skip=0; continue; fi
    case "$w" in
      --help|--version|--progress|--no-progress|--dry-run|--next) ;;
      --*=*) ;;
      --*) skip=1 ;;
      *) path="${path:+$path }$w" ;;
    esac
  done
  local next="" flags=""
  case "$path" in
    "") next="call list describe ping status whoami pending help vpc vswitch route_table cen security_group vm disk load_balancer rds redis"; flags="" ;;
    "vpc") next="create delete nat eip describe list"; flags="" ;;
    "vpc create") next=""; flags="--guid --identityParams --cloudParams --vpcId --vpcName --cidrBlock --description --callbackParameter" ;;
    "vpc delete") next=""; flags="--guid --identityParams --cloudParams --vpcId --callbackParameter" ;;
    "vswitch") next="create delete describe list"; flags="" ;;
    "vswitch create") next="route_table"; flags="--guid --identityParams --cloudParams --vSwitchId --vSwitchName --vpcId --cidrBlock --zoneId --description --callbackParameter" ;;
    "vswitch delete") next="route_table"; flags="--guid --identityParams --cloudParams --vSwitchId --callbackParameter" ;;
    "vswitch create route_table") next="bind"; flags="" ;;
    "vswitch create route_table bind") next=""; flags="--guid --identityParams --cloudParams --vSwitchId --vSwitchName --vpcId --cidrBlock --zoneId --description --callbackParameter" ;;
    "vswitch delete route_table") next="unbind"; flags="" ;;
    "vswitch delete route_table unbind") next=""; flags="--guid --identityParams --cloudParams --vSwitchId --callbackParameter" ;;
    "route_table") next="create delete vswitch route_entry describe list"; flags="" ;;
    "route_table create") next=""; flags="--guid --identityParams --cloudParams --routeTableId --routeTableName --vpcId --description --callbackParameter" ;;
    "route_table delete") next=""; flags="--guid --identityParams --cloudParams --routeTableId --callbackParameter" ;;
    "route_table vswitch") next="associate"; flags="" ;;
    "route_table vswitch associate") next=""; flags="--guid --identityParams --cloudParams --routeTableId --vSwitchId --callbackParameter" ;;
    "route_table route_entry") next="create delete describe list"; flags="" ;;
    "route_table route_entry create") next=""; flags="--guid --identityParams --cloudParams --routeTableId --destinationCidrBlock --nextHopType --nextHopId --routeEntryName --callbackParameter" ;;
    "route_table route_entry delete") next=""; flags="--guid --identityParams --cloudParams --routeTableId --destinationCidrBlock --nextHopId --callbackParameter" ;;
    "vpc nat") next="create delete snat_entry describe list"; flags="" ;;
    "vpc nat create") next=""; flags="--guid --identityParams --cloudParams --natGatewayId --name --vpcId --vSwitchId --spec --instanceChargeType --pricingCycle --duration --description --callbackParameter" ;;
    "vpc nat delete") next=""; flags="--guid --identityParams --cloudParams --natGatewayId --callbackParameter" ;;
    "vpc nat snat_entry") next="create delete modify describe list"; flags="" ;;
    "vpc nat snat_entry create") next=""; flags="--guid --identityParams --cloudParams --natId --snatTableId --snatIp --sourceVSwitchId --sourceCIDR --snatEntryName --callbackParameter" ;;
    "vpc nat snat_entry delete") next=""; flags="--guid --identityParams --cloudParams --natId --snatTableId --snatEntryId --callbackParameter" ;;
    "vpc nat snat_entry modify") next="append remove"; flags="" ;;
    "vpc nat snat_entry modify append") next=""; flags="--guid --identityParams --cloudParams --snatEntryId --natId --snatTableId --snatIp --callbackParameter" ;;
    "vpc nat snat_entry modify remove") next=""; flags="--guid --identityParams --cloudParams --snatEntryId --natId --snatTableId --snatIp --callbackParameter" ;;
    "cen") next="create delete attach detach describe list"; flags="" ;;
    "cen create") next=""; flags="--guid --identityParams --cloudParams --cenId --name --description --callbackParameter" ;;
    "cen delete") next=""; flags="--guid --identityParams --cloudParams --cenId --callbackParameter" ;;
    "cen attach") next=""; flags="--guid --identityParams --cloudParams --cenId --childInstanceId --childInstanceRegionId --childInstanceType --childInstanceOwnerId --callbackParameter" ;;
    "cen detach") next=""; flags="--guid --identityParams --cloudParams --cenId --childInstanceId --childInstanceRegionId --childInstanceType --childInstanceOwnerId --cenOwnerId --callbackParameter" ;;
    "security_group") next="create delete authorize revoke describe list rule"; flags="" ;;
    "security_group create") next=""; flags="--guid --identityParams --cloudParams --securityGroupId --securityGroupName --securityGroupType --vpcId --description --callbackParameter" ;;
    "security_group delete") next=""; flags="--guid --identityParams --cloudParams --securityGroupId --callbackParameter" ;;
    "security_group authorize") next=""; flags="--guid --identityParams --cloudParams --securityGroupId --policy --cidrIp --ipProtocol --portRange --actionType --policyType --description --callbackParameter" ;;
    "security_group revoke") next=""; flags="--guid --identityParams --cloudParams --securityGroupId --policy --cidrIp --ipProtocol --portRange --actionType --policyType --description --callbackParameter" ;;
    "vm") next="create delete start stop security-group describe list"; flags="" ;;
    "vm create") next=""; flags="--guid --identityParams --cloudParams --instanceId --seed --password --instanceName --hostName --instanceSpec --instanceFamily --systemDiskSize --systemDiskCategory --imageId --vSwitchId --privateIpAddress --securityGroupId --zoneId --instanceChargeType --period --periodUnit --autoRenew --autoRenewPeriod --resourceTag --callbackParameter" ;;
    "vm delete") next=""; flags="--guid --identityParams --cloudParams --instanceId --callbackParameter" ;;
    "vm start") next=""; flags="--guid --identityParams --cloudParams --instanceId --callbackParameter" ;;
    "vm stop") next=""; flags="--guid --identityParams --cloudParams --instanceId --forceStop --callbackParameter" ;;
    "vm security-group") next="bind unbind"; flags="" ;;
    "vm security-group bind") next=""; flags="--guid --identityParams --cloudParams --instanceId --securityGroupId --callbackParameter" ;;
    "vm security-group unbind") next=""; flags="--guid --identityParams --cloudParams --instanceId --securityGroupId --callbackParameter" ;;
    "disk") next="create_attach detach_delete describe list"; flags="" ;;
    "disk create_attach") next=""; flags="--guid --identityParams --cloudParams --seed --instanceGuid --password --fileSystemType --mountDir --instanceId --diskId --zoneId --diskName --size --diskCategory --description --callbackParameter" ;;
    "disk detach_delete") next=""; flags="--guid --identityParams --cloudParams --seed --instanceGuid --password --unmountDir --instanceId --diskId --volumeName --callbackParameter" ;;
    "load_balancer") next="create delete backend_server describe list"; flags="" ;;
    "load_balancer create") next=""; flags="--guid --identityParams --cloudParams --loadBalancerId --addressType --internetChargeType --bandWidth --bandwidth --loadBalancerName --vpcId --vSwitchId --masterZoneId --slaveZoneId --loadBalancerSpec --payType --pricingCycle --duration --address --callbackParameter" ;;
    "load_balancer delete") next=""; flags="--guid --identityParams --cloudParams --loadBalancerId --callbackParameter" ;;
    "load_balancer backend_server") next="add remove describe list"; flags="" ;;
    "load_balancer backend_server add") next=""; flags="--guid --identityParams --cloudParams --loadBalancerId --hostIds --hostPorts --vServerGroupName --bandwidth --listenerPort --listenerProtocol --callbackParameter" ;;
    "load_balancer backend_server remove") next=""; flags="--guid --identityParams --cloudParams --loadBalancerId --vServerGroupId --hostIds --hostPorts --listenerPort --listenerProtocol --deleteListener --callbackParameter" ;;
    "rds") next="db backup security_ip security_group"; flags="" ;;
    "rds db") next="create delete describe list"; flags="" ;;
    "rds db create") next=""; flags="--guid --identityParams --cloudParams --seed --accountName --accountPassword --accountDescription --securityGroupId --dBInstanceId --dBInstanceSpec --dBInstanceClass --dBInstanceStorage --engine --engineVersion --securityIPList --zoneId --vpcId --vSwitchId --privateIpAddress --dBInstanceStorageType --category --dBIsIgnoreCase --dBTimeZone --payType --period --usedTime --autoRenew --dBInstanceDescription --callbackParameter" ;;
    "rds db delete") next=""; flags="--guid --identityParams --cloudParams --dBInstanceId --callbackParameter" ;;
    "rds backup") next="create delete describe list"; flags="" ;;
    "rds backup create") next=""; flags="--guid --identityParams --cloudParams --dBInstanceId --dBName --backupStrategy --backupMethod --backupType --callbackParameter" ;;
    "rds backup delete") next=""; flags="--guid --identityParams --cloudParams --dBInstanceId --backupId --callbackParameter" ;;
    "rds security_ip") next="append delete modify describe list"; flags="" ;;
    "rds security_ip append") next=""; flags="--guid --identityParams --cloudParams --dBInstanceId --securityIps --dBInstanceIPArrayName --whitelistNetworkType --callbackParameter" ;;
    "rds security_ip delete") next=""; flags="--guid --identityParams --cloudParams --dBInstanceId --securityIps --dBInstanceIPArrayName --whitelistNetworkType --callbackParameter" ;;
    "rds security_ip modify") next=""; flags="--guid --identityParams --cloudParams --dBInstanceId --securityIps --dBInstanceIPArrayName --whitelistNetworkType --modifyMode --callbackParameter" ;;
    "rds security_group") next="append remove"; flags="" ;;
    "rds security_group append") next=""; flags="--guid --identityParams --cloudParams --dBInstanceId --securityGroupId --callbackParameter" ;;
    "rds security_group remove") next=""; flags="--guid --identityParams --cloudParams --dBInstanceId --securityGroupId --callbackParameter" ;;
    "redis") next="create delete security_group describe list"; flags="" ;;
    "redis create") next=""; flags="--guid --identityParams --cloudParams --seed --instanceId --instanceName --password --capacity --zoneId --engineVersion --securityIps --securityGroupId --networkType --vpcId --vSwitchId --srcDBInstanceId --backupId --privateIpAddress --chargeType --period --autoRenew --callbackParameter" ;;
    "redis delete") next=""; flags="--guid --identityParams --cloudParams --instanceId --callbackParameter" ;;
    "redis security_group") next="append remove"; flags="" ;;
    "redis security_group append") next=""; flags="--guid --identityParams --cloudParams --dBInstanceId --securityGroupId --callbackParameter" ;;
    "redis security_group remove") next=""; flags="--guid --identityParams --cloudParams --dBInstanceId --securityGroupId --callbackParameter" ;;
    "vpc eip") next="allocate release associate un-associate describe list"; flags="" ;;
    "vpc eip allocate") next=""; flags="--guid --identityParams --cloudParams --allocationId --cbpName --bandwidth --instanceChargeType --internetChargeType --period --pricingCycle --callbackParameter" ;;
    "vpc eip release") next=""; flags="--guid --identityParams --cloudParams --allocationId --cbpName --callbackParameter" ;;
    "vpc eip associate") next=""; flags="--guid --identityParams --cloudParams --allocationId --instanceId --instanceType --instanceRegionId --callbackParameter" ;;
    "vpc eip un-associate") next=""; flags="--guid --identityParams --cloudParams --allocationId --instanceId --callbackParameter" ;;
    "vpc describe") next=""; flags="--guid --identityParams --cloudParams --vpcId --callbackParameter" ;;
    "vpc list") next=""; flags="--guid --identityParams --cloudParams --vpcName --tag --limit --callbackParameter" ;;
    "vswitch describe") next=""; flags="--guid --identityParams --cloudParams --vSwitchId --callbackParameter" ;;
    "vswitch list") next=""; flags="--guid --identityParams --cloudParams --vpcId --vSwitchName --zoneId --tag --limit --callbackParameter" ;;
    "route_table describe") next=""; flags="--guid --identityParams --cloudParams --routeTableId --callbackParameter" ;;
    "route_table list") next=""; flags="--guid --identityParams --cloudParams --vpcId --routeTableName --limit --callbackParameter" ;;
    "route_table route_entry describe") next=""; flags="--guid --identityParams --cloudParams --routeTableId --destinationCidrBlock --callbackParameter" ;;
    "route_table route_entry list") next=""; flags="--guid --identityParams --cloudParams --routeTableId --limit --callbackParameter" ;;
    "vpc nat describe") next=""; flags="--guid --identityParams --cloudParams --natGatewayId --callbackParameter" ;;
    "vpc nat list") next=""; flags="--guid --identityParams --cloudParams --vpcId --name --tag --limit --callbackParameter" ;;
    "vpc nat snat_entry describe") next=""; flags="--guid --identityParams --cloudParams --snatTableId --snatEntryId --callbackParameter" ;;
    "vpc nat snat_entry list") next=""; flags="--guid --identityParams --cloudParams --snatTableId --sourceVSwitchId --limit --callbackParameter" ;;
    "cen describe") next=""; flags="--guid --identityParams --cloudParams --cenId --callbackParameter" ;;
    "cen list") next=""; flags="--guid --identityParams --cloudParams --tag --limit --callbackParameter" ;;
    "security_group describe") next=""; flags="--guid --identityParams --cloudParams --securityGroupId --callbackParameter" ;;
    "security_group list") next=""; flags="--guid --identityParams --cloudParams --vpcId --securityGroupName --tag --limit --callbackParameter" ;;
    "security_group rule") next="describe list"; flags="" ;;
    "security_group rule describe") next=""; flags="--guid --identityParams --cloudParams --securityGroupId --securityGroupRuleId --callbackParameter" ;;
    "security_group rule list") next=""; flags="--guid --identityParams --cloudParams --securityGroupId --actionType --limit --callbackParameter" ;;
    "vm describe") next=""; flags="--guid --identityParams --cloudParams --instanceId --callbackParameter" ;;
    "vm list") next=""; flags="--guid --identityParams --cloudParams --vpcId --vSwitchId --instanceName --zoneId --tag --limit --callbackParameter" ;;
    "disk describe") next=""; flags="--guid --identityParams --cloudParams --diskId --callbackParameter" ;;
    "disk list") next=""; flags="--guid --identityParams --cloudParams --instanceId --diskName --zoneId --tag --limit --callbackParameter" ;;
    "load_balancer describe") next=""; flags="--guid --identityParams --cloudParams --loadBalancerId --callbackParameter" ;;
    "load_balancer list") next=""; flags="--guid --identityParams --cloudParams --vpcId --vSwitchId --loadBalancerName --tag --limit --callbackParameter" ;;
    "load_balancer backend_server describe") next=""; flags="--guid --identityParams --cloudParams --vServerGroupId --hostId --callbackParameter" ;;
    "load_balancer backend_server list") next=""; flags="--guid --identityParams --cloudParams --vServerGroupId --limit --callbackParameter" ;;
    "rds db describe") next=""; flags="--guid --identityParams --cloudParams --dBInstanceId --callbackParameter" ;;
    "rds db list") next=""; flags="--guid --identityParams --cloudParams --vpcId --vSwitchId --limit --callbackParameter" ;;
    "rds backup describe") next=""; flags="--guid --identityParams --cloudParams --dBInstanceId --backupId --callbackParameter" ;;
    "rds backup list") next=""; flags="--guid --identityParams --cloudParams --dBInstanceId --limit --callbackParameter" ;;
    "rds security_ip describe") next=""; flags="--guid --identityParams --cloudParams --dBInstanceId --dBInstanceIPArrayName --callbackParameter" ;;
    "rds security_ip list") next=""; flags="--guid --identityParams --cloudParams --dBInstanceId --limit --callbackParameter" ;;
    "redis describe") next=""; flags="--guid --identityParams --cloudParams --instanceId --callbackParameter" ;;
    "redis list") next=""; flags="--guid --identityParams --cloudParams --vpcId --vSwitchId --tag --limit --callbackParameter" ;;
    "vpc eip describe") next=""; flags="--guid --identityParams --cloudParams --allocationId --callbackParameter" ;;
    "vpc eip list") next=""; flags="--guid --identityParams --cloudParams --name --tag --limit --callbackParameter" ;;
    call|describe) next="vpc/create vpc/delete vswitch/create vswitch/delete vswitch/create/route_table/bind vswitch/delete/route_table/unbind route_table/create route_table/delete route_table/vswitch/associate route_table/route_entry/create route_table/route_entry/delete vpc/nat/create vpc/nat/delete vpc/nat/snat_entry/create vpc/nat/snat_entry/delete vpc/nat/snat_entry/modify/append vpc/nat/snat_entry/modify/remove cen/create cen/delete cen/attach cen/detach security_group/create security_group/delete security_group/authorize security_group/revoke vm/create vm/delete vm/start vm/stop vm/security-group/bind vm/security-group/unbind disk/create_attach disk/detach_delete load_balancer/create load_balancer/delete load_balancer/backend_server/add load_balancer/backend_server/remove rds/db/create rds/db/delete rds/backup/create rds/backup/delete rds/security_ip/append rds/security_ip/delete rds/security_ip/modify rds/security_group/append rds/security_group/remove redis/create redis/delete redis/security_group/append redis/security_group/remove vpc/eip/allocate vpc/eip/release vpc/eip/associate vpc/eip/un-associate vpc/describe vpc/list vswitch/describe vswitch/list route_table/describe route_table/list route_table/route_entry/describe route_table/route_entry/list vpc/nat/describe vpc/nat/list vpc/nat/snat_entry/describe vpc/nat/snat_entry/list cen/describe cen/list security_group/describe security_group/list security_group/rule/describe security_group/rule/list vm/describe vm/list disk/describe disk/list load_balancer/describe load_balancer/list load_balancer/backend_server/describe load_balancer/backend_server/list rds/db/describe rds/db/list rds/backup/describe rds/backup/list rds/security_ip/describe rds/security_ip/list redis/describe redis/list vpc/eip/describe vpc/eip/list rpc.discover daemon.ping daemon.status daemon.pending" ;;
    help) next="vpc vswitch route_table cen security_group vm disk load_balancer rds redis" ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags --socket --json --timeout --region --input --help --version --progress --no-progress --dry-run --next" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$next" -- "$cur"))
  fi
}
complete -F _alicloudctl alicloudctl
