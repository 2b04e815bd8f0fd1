"""The seed-like infrastructure: what the team's Terraform creates before shipper deploys.

Modelled on the infrastructure guide (SSM layout /PROJECT/ENV/..., an ALB in front of EC2
container instances with bridge networking and dynamic host ports, container port 3000,
health check /api/health). Everything is created through ordinary AWS calls back into this
bed (marked internal: not logged, never faulted), so it is exactly what a client would see.
The only direct model access is ECR's push time, which moto truncates to whole seconds.

Returns every name/ARN created plus `tfstate`, a Terraform v4 state describing the same
resources the way the team's Terraform would, for templates using tfstate lookups.
"""

import functools
import json
import uuid
from typing import Any

import boto3
from moto.core.utils import utcnow
from moto.ecr.models import ecr_backends

from .state import LOCK

APP_PORT = 3000
HEALTH_CHECK_PATH = "/api/health"
IMAGE_TAGS = ("v1.0.0", "v1.1.0", "v1.2.0")
_AZ_SUFFIXES = ("a", "c", "d")  # ap-northeast-1 has no "b"; other regions get a/c/d too
_ECS_ASSUME_ROLE = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


@functools.cache  # building boto3 clients costs more than the seeding calls themselves
def _clients(endpoint: str, region: str) -> dict[str, Any]:
    session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name=region)
    clients = {}
    for name in ("ec2", "iam", "ecs", "autoscaling", "elbv2", "ecr", "ssm", "logs", "cloudwatch", "codedeploy", "sts"):
        client = session.client(name, endpoint_url=endpoint)
        # Seeding is setup, not the code under test: keep it out of the request log and faults.
        client.meta.events.register("before-sign.*.*", lambda request, **_: request.headers.add_header("x-bed-internal", "seed"))
        clients[name] = client
    return clients


def run(endpoint: str, project: str = "acme", env: str = "dev", region: str = "ap-northeast-1") -> dict[str, Any]:
    aws = _clients(endpoint, region)
    prefix = f"{project}-{env}"
    account_id = aws["sts"].get_caller_identity()["Account"]
    out: dict[str, Any] = {"project": project, "env": env, "region": region, "account_id": account_id}

    # --- network -------------------------------------------------------------------------
    ec2 = aws["ec2"]
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=[_tags("vpc", f"{prefix}-vpc")])["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsSupport={"Value": True})
    ec2.modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
    zones = [f"{region}{suffix}" for suffix in _AZ_SUFFIXES]
    subnets: dict[str, dict[str, str]] = {"public": {}, "private": {}}
    for index, zone in enumerate(zones):
        for tier, offset in (("public", 101), ("private", 1)):
            subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"10.0.{offset + index}.0/24", AvailabilityZone=zone,
                                       TagSpecifications=[_tags("subnet", f"{prefix}-{tier}-{zone}")])["Subnet"]
            subnets[tier][zone] = subnet["SubnetId"]
    alb_sg = ec2.create_security_group(GroupName=f"{prefix}-alb", Description="ALB", VpcId=vpc_id)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=alb_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]} for port in (80, 443, 8080)])
    ecs_sg = ec2.create_security_group(GroupName=f"{prefix}-ecs", Description="ECS instances", VpcId=vpc_id)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=ecs_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 32768, "ToPort": 65535, "UserIdGroupPairs": [{"GroupId": alb_sg}]}])
    out.update(vpc_id=vpc_id, subnets={tier: list(ids.values()) for tier, ids in subnets.items()},
               security_groups={"alb": alb_sg, "ecs": ecs_sg})

    # --- IAM -----------------------------------------------------------------------------
    iam = aws["iam"]
    roles = {}
    for key, name, service in (("ecs_task_execution", f"{prefix}-ecs-task-execution", "ecs-tasks.amazonaws.com"),
                               ("ecs_task", f"{prefix}-ecs-task", "ecs-tasks.amazonaws.com"),
                               ("ecs_infrastructure", f"{prefix}-ecs-infrastructure", "ecs.amazonaws.com"),
                               ("codedeploy", f"{prefix}-codedeploy", "codedeploy.amazonaws.com")):
        policy = {**_ECS_ASSUME_ROLE, "Statement": [{**_ECS_ASSUME_ROLE["Statement"][0], "Principal": {"Service": service}}]}
        roles[key] = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(policy))["Role"]["Arn"]
    # The task role lets ECS Exec's agent open its Session Manager channels (the team uses
    # `ecspresso exec`).
    iam.put_role_policy(RoleName=f"{prefix}-ecs-task", PolicyName="ecs-exec", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": [
            "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
            "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]}]}))
    out["roles"] = roles

    # --- ECS cluster on an EC2 capacity provider ----------------------------------------
    ecs, autoscaling = aws["ecs"], aws["autoscaling"]
    cluster_name = f"{prefix}-cluster"
    cluster_arn = ecs.create_cluster(clusterName=cluster_name, settings=[{"name": "containerInsights", "value": "enabled"}])["cluster"]["clusterArn"]
    # Filtered: listing every AMI moto knows takes ~0.7 s.
    image_id = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-*x86_64"]}])["Images"][0]["ImageId"]
    template = ec2.create_launch_template(LaunchTemplateName=f"{prefix}-ecs", LaunchTemplateData={
        "ImageId": image_id, "InstanceType": "t3.medium", "SecurityGroupIds": [ecs_sg]})["LaunchTemplate"]
    asg_name = f"{prefix}-ecs-asg"
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName=asg_name, MinSize=0, MaxSize=10, DesiredCapacity=2,
        LaunchTemplate={"LaunchTemplateId": template["LaunchTemplateId"], "Version": "$Latest"},
        VPCZoneIdentifier=",".join(subnets["private"].values()))
    asg = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[asg_name])["AutoScalingGroups"][0]
    provider = ecs.create_capacity_provider(name=f"{prefix}-cp", autoScalingGroupProvider={
        "autoScalingGroupArn": asg["AutoScalingGroupARN"], "managedTerminationProtection": "DISABLED",
        "managedScaling": {"status": "ENABLED", "targetCapacity": 100, "minimumScalingStepSize": 1,
                           "maximumScalingStepSize": 10000, "instanceWarmupPeriod": 300}})["capacityProvider"]
    ecs.put_cluster_capacity_providers(cluster=cluster_name, capacityProviders=[provider["name"]],
                                       defaultCapacityProviderStrategy=[{"capacityProvider": provider["name"], "weight": 1, "base": 0}])
    instances = [i["InstanceId"] for i in asg["Instances"]]
    container_instances = []
    for instance_id in instances:
        document = json.dumps({"instanceId": instance_id, "region": region, "accountId": account_id, "imageId": image_id})
        container_instances.append(ecs.register_container_instance(
            cluster=cluster_name, instanceIdentityDocument=document)["containerInstance"]["containerInstanceArn"])
    out.update(cluster={"name": cluster_name, "arn": cluster_arn},
               capacity_provider={"name": provider["name"], "arn": provider["capacityProviderArn"]},
               auto_scaling_group=asg_name, launch_template=template["LaunchTemplateId"],
               instances=instances, container_instances=container_instances)

    # --- ALB: blue/green target groups, production and test listeners -------------------
    elbv2 = aws["elbv2"]
    balancer = elbv2.create_load_balancer(Name=f"{prefix}-alb", Subnets=list(subnets["public"].values()),
                                          SecurityGroups=[alb_sg], Scheme="internet-facing", Type="application")["LoadBalancers"][0]
    groups = {}
    for color in ("blue", "green"):
        groups[color] = elbv2.create_target_group(
            Name=f"{prefix}-{color}", Protocol="HTTP", Port=APP_PORT, VpcId=vpc_id, TargetType="instance",
            HealthCheckProtocol="HTTP", HealthCheckPath=HEALTH_CHECK_PATH, HealthCheckIntervalSeconds=30,
            HealthyThresholdCount=2, UnhealthyThresholdCount=3, Matcher={"HttpCode": "200"})["TargetGroups"][0]["TargetGroupArn"]

    def forward(blue: int, green: int) -> list[dict[str, Any]]:
        return [{"Type": "forward", "ForwardConfig": {"TargetGroups": [
            {"TargetGroupArn": groups["blue"], "Weight": blue}, {"TargetGroupArn": groups["green"], "Weight": green}]}}]

    listeners, rules = {}, {}
    for key, port, weights in (("http", 80, (100, 0)), ("test", 8080, (0, 100))):
        listeners[key] = elbv2.create_listener(LoadBalancerArn=balancer["LoadBalancerArn"], Protocol="HTTP", Port=port,
                                               DefaultActions=forward(*weights))["Listeners"][0]["ListenerArn"]
        rules["production" if key == "http" else "test"] = elbv2.create_rule(
            ListenerArn=listeners[key], Priority=1, Actions=forward(*weights),
            Conditions=[{"Field": "path-pattern", "Values": ["/*"]}])["Rules"][0]["RuleArn"]
    out.update(load_balancer={"name": balancer["LoadBalancerName"], "arn": balancer["LoadBalancerArn"], "dns_name": balancer["DNSName"]},
               target_groups=groups, listeners=listeners, rules=rules)

    # --- ECR: three tagged releases, oldest first ---------------------------------------
    ecr = aws["ecr"]
    repository = ecr.create_repository(repositoryName=f"{project}-app", imageScanningConfiguration={"scanOnPush": True})["repository"]
    ecr.put_lifecycle_policy(repositoryName=repository["repositoryName"], lifecyclePolicyText=json.dumps({"rules": [
        {"rulePriority": 1, "description": "Keep the 10 newest tagged images",
         "selection": {"tagStatus": "tagged", "tagPatternList": ["*"], "countType": "imageCountMoreThan", "countNumber": 10},
         "action": {"type": "expire"}},
        {"rulePriority": 2, "description": "Expire untagged images after 1 day",
         "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 1},
         "action": {"type": "expire"}}]}))
    images = []
    for tag in IMAGE_TAGS:
        manifest = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1024,
                               "digest": _fake_digest(project, tag, "config")},
                    # moto derives the image digest from the layer digests: make them differ per release.
                    "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 2048,
                                "digest": _fake_digest(project, tag, "layer")}]}
        image = ecr.put_image(repositoryName=repository["repositoryName"], imageManifest=json.dumps(manifest), imageTag=tag)["image"]
        images.append({"tag": tag, "digest": image["imageId"]["imageDigest"]})
    _spread_push_times(account_id, region, repository["repositoryName"], images)
    out["ecr"] = {"repository": repository["repositoryName"], "arn": repository["repositoryArn"],
                  "uri": repository["repositoryUri"], "images": images}

    # --- SSM parameters, log group, alarms ----------------------------------------------
    ssm = aws["ssm"]
    parameters = {
        "app/env": ("String", env), "app/log_level": ("String", "debug"),
        "cognito/user_pool_id": ("String", f"{region}_SeedPool1"), "cognito/client_id": ("String", "seedclientid0123456789"),
        "cognito/client_secret": ("SecureString", "seed-client-secret"),
        "database/host": ("String", f"{prefix}-db.cluster-seed.{region}.rds.amazonaws.com"),
        "database/port": ("String", "5432"), "database/name": ("String", project),
        "database/username": ("SecureString", f"{project}_app"), "database/password": ("SecureString", "seed-db-password"),
    }
    for key, (kind, value) in parameters.items():
        ssm.put_parameter(Name=f"/{project}/{env}/{key}", Type=kind, Value=value)
    out["ssm"] = {"prefix": f"/{project}/{env}/", "parameters": [f"/{project}/{env}/{key}" for key in parameters]}

    log_group = f"/ecs/{project}/app"
    aws["logs"].create_log_group(logGroupName=log_group)
    aws["logs"].put_retention_policy(logGroupName=log_group, retentionInDays=7)
    out["log_group"] = log_group
    out["alarms"] = _alarms(aws["cloudwatch"], prefix, cluster_name, balancer["LoadBalancerArn"], groups["blue"])

    # --- CodeDeploy: an application and a blue/green group for service <prefix>-app-cd --
    codedeploy = aws["codedeploy"]
    application, group_name, service_name = f"{prefix}-app", f"{prefix}-app-dg", f"{prefix}-app-cd"
    codedeploy.create_application(applicationName=application, computePlatform="ECS")
    codedeploy.create_deployment_group(
        applicationName=application, deploymentGroupName=group_name, serviceRoleArn=roles["codedeploy"],
        deploymentConfigName="CodeDeployDefault.ECSAllAtOnce",
        deploymentStyle={"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"},
        blueGreenDeploymentConfiguration={
            "deploymentReadyOption": {"actionOnTimeout": "CONTINUE_DEPLOYMENT", "waitTimeInMinutes": 0},
            "terminateBlueInstancesOnDeploymentSuccess": {"action": "TERMINATE", "terminationWaitTimeInMinutes": 5}},
        autoRollbackConfiguration={"enabled": True, "events": ["DEPLOYMENT_FAILURE"]},
        ecsServices=[{"serviceName": service_name, "clusterName": cluster_name}],
        loadBalancerInfo={"targetGroupPairInfoList": [{
            "targetGroups": [{"name": f"{prefix}-blue"}, {"name": f"{prefix}-green"}],
            "prodTrafficRoute": {"listenerArns": [listeners["http"]]},
            "testTrafficRoute": {"listenerArns": [listeners["test"]]}}]})
    out["codedeploy"] = {"application": application, "deployment_group": group_name, "service": service_name}

    out["tfstate"] = _tfstate(out, subnets, repository)
    return out


def _fake_digest(*parts: str) -> str:
    return "sha256:" + uuid.uuid5(uuid.NAMESPACE_URL, "/".join(parts)).hex * 2


def _tags(resource_type: str, name: str) -> dict[str, Any]:
    return {"ResourceType": resource_type, "Tags": [{"Key": "Name", "Value": name}]}


def _spread_push_times(account_id: str, region: str, repository: str, images: list[dict[str, str]]) -> None:
    # moto stamps whole seconds, so three pushes in one second would tie; a release a day
    # apart is what a registry really looks like.
    now = int(utcnow().timestamp())
    with LOCK:
        stored = ecr_backends[account_id][region].repositories[repository].images
        for age, image in enumerate(reversed(images)):
            match = next(i for i in stored if i.get_image_digest() == image["digest"])
            match.image_pushed_at = now - 86400 * (age + 1)
            image["pushed_at"] = match.image_pushed_at


def _alarms(cloudwatch: Any, prefix: str, cluster: str, balancer_arn: str, target_group_arn: str) -> list[str]:
    """The guide's production thresholds for the ECS service and the ALB."""
    service = {"Name": "ServiceName", "Value": f"{prefix}-app"}
    cluster_dim = {"Name": "ClusterName", "Value": cluster}
    balancer = {"Name": "LoadBalancer", "Value": balancer_arn.split(":loadbalancer/")[-1]}
    group = {"Name": "TargetGroup", "Value": target_group_arn.split(":")[-1]}
    specs = [
        ("ecs-cpu-high", "AWS/ECS", "CPUUtilization", "Average", 300, 2, 80, "GreaterThanThreshold", [cluster_dim, service]),
        ("ecs-memory-high", "AWS/ECS", "MemoryUtilization", "Average", 300, 2, 80, "GreaterThanThreshold", [cluster_dim, service]),
        ("ecs-task-count-low", "ECS/ContainerInsights", "RunningTaskCount", "Average", 60, 2, 2, "LessThanThreshold", [cluster_dim, service]),
        ("alb-unhealthy-hosts", "AWS/ApplicationELB", "UnHealthyHostCount", "Average", 60, 2, 0, "GreaterThanThreshold", [group, balancer]),
        ("alb-5xx", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", 300, 2, 10, "GreaterThanThreshold", [balancer]),
        ("alb-response-time", "AWS/ApplicationELB", "TargetResponseTime", "Average", 300, 2, 1.0, "GreaterThanThreshold", [balancer]),
    ]
    names = []
    for suffix, namespace, metric, statistic, period, periods, threshold, operator, dimensions in specs:
        name = f"{prefix}-{suffix}"
        cloudwatch.put_metric_alarm(AlarmName=name, Namespace=namespace, MetricName=metric, Statistic=statistic,
                                    Period=period, EvaluationPeriods=periods, Threshold=threshold,
                                    ComparisonOperator=operator, Dimensions=dimensions, TreatMissingData="notBreaching")
        names.append(name)
    return names


def _tfstate(out: dict[str, Any], subnets: dict[str, dict[str, str]], repository: dict[str, Any]) -> dict[str, Any]:
    """A Terraform state v4 document naming the seed's resources as the team's Terraform does."""
    account, region, prefix = out["account_id"], out["region"], f"{out['project']}-{out['env']}"
    provider = 'provider["registry.terraform.io/hashicorp/aws"]'

    def resource(kind: str, name: str, instances: list[dict[str, Any]], mode: str = "managed", module: str | None = None) -> dict[str, Any]:
        entry = {"mode": mode, "type": kind, "name": name, "provider": provider,
                 "instances": [{"schema_version": 0, "sensitive_attributes": [], **i} for i in instances]}
        return {"module": module, **entry} if module else entry

    def one(attributes: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"attributes": attributes}]

    def role(key: str) -> list[dict[str, Any]]:
        arn = out["roles"][key]
        return one({"id": arn.rsplit("/", 1)[-1], "arn": arn, "name": arn.rsplit("/", 1)[-1]})

    groups = out["target_groups"]
    resources = [
        resource("aws_caller_identity", "current", one({"id": account, "account_id": account,
                                                         "arn": f"arn:aws:iam::{account}:root", "user_id": account}), mode="data"),
        resource("aws_vpc", "this", one({"id": out["vpc_id"], "cidr_block": "10.0.0.0/16", "enable_dns_hostnames": True}),
                 module="module.network"),
        resource("aws_subnet", "private", [{"index_key": zone, "attributes": {"id": subnet_id, "availability_zone": zone, "vpc_id": out["vpc_id"]}}
                                           for zone, subnet_id in subnets["private"].items()]),
        resource("aws_subnet", "public", [{"index_key": zone, "attributes": {"id": subnet_id, "availability_zone": zone, "vpc_id": out["vpc_id"]}}
                                          for zone, subnet_id in subnets["public"].items()]),
        resource("aws_security_group", "alb", one({"id": out["security_groups"]["alb"], "name": f"{prefix}-alb", "vpc_id": out["vpc_id"]})),
        resource("aws_security_group", "ecs", one({"id": out["security_groups"]["ecs"], "name": f"{prefix}-ecs", "vpc_id": out["vpc_id"]})),
        resource("aws_iam_role", "ecs_task_execution", role("ecs_task_execution")),
        resource("aws_iam_role", "ecs_task", role("ecs_task")),
        resource("aws_iam_role", "ecs_infrastructure", role("ecs_infrastructure")),
        resource("aws_ecs_cluster", "main", one({"id": out["cluster"]["arn"], "arn": out["cluster"]["arn"], "name": out["cluster"]["name"]})),
        resource("aws_ecs_capacity_provider", "main", one({"id": out["capacity_provider"]["arn"], "arn": out["capacity_provider"]["arn"],
                                                           "name": out["capacity_provider"]["name"]})),
        resource("aws_lb", "main", one({"id": out["load_balancer"]["arn"], "arn": out["load_balancer"]["arn"],
                                        "name": out["load_balancer"]["name"], "dns_name": out["load_balancer"]["dns_name"]})),
        resource("aws_lb_target_group", "blue", one({"id": groups["blue"], "arn": groups["blue"], "name": f"{prefix}-blue", "port": APP_PORT})),
        resource("aws_lb_target_group", "green", one({"id": groups["green"], "arn": groups["green"], "name": f"{prefix}-green", "port": APP_PORT})),
        resource("aws_lb_listener", "http", one({"id": out["listeners"]["http"], "arn": out["listeners"]["http"], "port": 80})),
        resource("aws_lb_listener", "test", one({"id": out["listeners"]["test"], "arn": out["listeners"]["test"], "port": 8080})),
        resource("aws_lb_listener_rule", "production", one({"id": out["rules"]["production"], "arn": out["rules"]["production"]})),
        resource("aws_lb_listener_rule", "test", one({"id": out["rules"]["test"], "arn": out["rules"]["test"]})),
        resource("aws_ecr_repository", "app", one({"id": repository["repositoryName"], "arn": repository["repositoryArn"],
                                                   "name": repository["repositoryName"], "repository_url": repository["repositoryUri"]})),
        resource("aws_cloudwatch_log_group", "app", one({"id": out["log_group"], "name": out["log_group"],
                                                         "arn": f"arn:aws:logs:{region}:{account}:log-group:{out['log_group']}"})),
    ]
    return {"version": 4, "terraform_version": "1.9.8", "serial": 1, "lineage": str(uuid.uuid5(uuid.NAMESPACE_URL, prefix)),
            "outputs": {"cluster_name": {"value": out["cluster"]["name"], "type": "string"},
                        "ecr_repository_url": {"value": repository["repositoryUri"], "type": "string"}},
            "resources": resources, "check_results": None}
