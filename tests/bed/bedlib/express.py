"""ECS Express Mode services: Create/Update/Describe/DeleteExpressGatewayService (moto has none).

An Express service is an ordinary ECS service (`resourceManagementType: ECS`) that ECS made
and manages from a small configuration. The bed builds exactly that on the service simulation
(ecs_rollout.py): CreateExpressGatewayService fills in ECS's defaults, registers a task
definition, makes a log group and a security group where none was given, and creates the
service, whose first deployment rolls out like any other; UpdateExpressGatewayService merges
the members it is sent into the newest configuration (a member left out is kept, as AWS
documents), registers a new task definition revision and starts a deployment — by canary, as
ECS deploys Express services, with the circuit breaker rolling back a failing one. So plans
(`kind: service`, matched by the service's name), the request log, ListServiceDeployments,
StopServiceDeployment, tasks and their logs all work as for services.

Each configuration is kept with the service revision its deployment made: the service's
`activeConfigurations` are those of its live deployments (during a deployment, the new one
and the old), and DescribeServiceRevisions reports `ecsManagedResources` (the ingress path
with its endpoint, load balancer, listener, rule and target group, the security group, the
scaling target and policy, the log group) — ARNs in AWS's formats, for status to show.
Managed resources other than the log group and security group are not created in moto.
"""

import copy
import hashlib
from typing import Any

from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.ec2.models import ec2_backends
from moto.ecs.exceptions import ClusterNotFoundException, InvalidParameterException, ServiceNotFoundException
from moto.ecs.models import EC2ContainerServiceBackend, Service
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.logs.models import logs_backends

from . import plans
from .ecs_rollout import ServiceSim, sim_of

# ECS's defaults for what a CreateExpressGatewayService request leaves out (ECS developer guide,
# "Resources created by Amazon ECS Express Mode services").
DEFAULTS = {"cpu": "1024", "memory": "2048", "cpuArchitecture": "X86_64", "healthCheckPath": "/"}
DEFAULT_PORT = 80
DEFAULT_SCALING = {"minTaskCount": 1, "maxTaskCount": 20, "autoScalingMetric": "AVERAGE_CPU",
                   "autoScalingTargetValue": 60}
# How ECS deploys an Express service: canary (5 % of traffic, then the rest) with the circuit
# breaker rolling back a deployment whose tasks fail.
DEPLOYMENT_CONFIGURATION = {
    "strategy": "CANARY", "canaryConfiguration": {"canaryPercent": 5.0, "canaryBakeTimeInMinutes": 3},
    "bakeTimeInMinutes": 3, "maximumPercent": 200, "minimumHealthyPercent": 100,
    "deploymentCircuitBreaker": {"enable": True, "rollback": True}}
CONTAINER = "Main"
# The members of a configuration (ExpressGatewayServiceConfiguration) a request can set.
_CONFIG_MEMBERS = ("executionRoleArn", "taskRoleArn", "cpu", "memory", "cpuArchitecture", "networkConfiguration",
                   "healthCheckPath", "primaryContainer", "scalingTarget")


class ServiceNotActiveException(InvalidParameterException):
    code = "ServiceNotActiveException"


class ExpressService:
    """The Express side of one ECS service: its role, its configurations, its resources."""

    def __init__(self, svc: Service, infrastructure_role: str, suffix: str):
        self.svc, self.infrastructure_role, self.suffix = svc, infrastructure_role, suffix
        self.configurations: dict[str, dict[str, Any]] = {}  # service revision ARN -> configuration
        self.created_at = self.updated_at = utcnow()
        self.status = "ACTIVE"
        svc.bed_express = self

    @property
    def endpoint(self) -> str:
        return f"{self.svc.name}-{self.suffix[:12]}.ecs.{self.svc.region_name}.on.aws"

    def active(self) -> list[dict[str, Any]]:
        sim = sim_of(self.svc)
        live = [r.revision.arn for r in sim.active] or [r.revision.arn for r in sim.rollouts[-1:]]
        return [self.configurations[arn] for arn in live if arn in self.configurations]

    def newest(self) -> dict[str, Any]:
        return max(self.configurations.values(), key=lambda c: c["createdAt"])

    def view(self, with_tags: bool) -> dict[str, Any]:
        sim = sim_of(self.svc)
        return {"cluster": self.svc.cluster_arn, "serviceName": self.svc.name, "serviceArn": self.svc.arn,
                "infrastructureRoleArn": self.infrastructure_role,
                "status": {"statusCode": self.status},
                "currentDeployment": sim.rollouts[-1].arn if sim.rollouts else None,
                "activeConfigurations": self.active(), "tags": self.svc.tags if with_tags else None,
                "createdAt": self.created_at, "updatedAt": self.updated_at}

    def managed_resources(self, config: dict[str, Any]) -> dict[str, Any]:
        region, account = self.svc.region_name, self.svc._account_id
        now, name, cluster = utcnow(), self.svc.name, self.svc.cluster_name

        def resource(arn: str, **extra: Any) -> dict[str, Any]:
            return {"arn": arn, "status": "ACTIVE", "updatedAt": now, **extra}

        elb = f"arn:aws:elasticloadbalancing:{region}:{account}"
        balancer_id = f"ecs-express-gateway-alb-{self.suffix[:8]}/{self.suffix}"
        network = config["networkConfiguration"]
        scaling = config["scalingTarget"]
        return {
            "ingressPaths": [{
                "accessType": "PUBLIC", "endpoint": self.endpoint,
                "loadBalancer": resource(f"{elb}:loadbalancer/app/{balancer_id}", scheme="internet-facing",
                                         subnetIds=network["subnets"], securityGroupIds=network["securityGroups"]),
                "listener": resource(f"{elb}:listener/app/{balancer_id}/{self.suffix[:12]}"),
                "rule": resource(f"{elb}:listener-rule/app/{balancer_id}/{self.suffix[:12]}/{self.suffix[4:16]}"),
                "certificate": resource(f"arn:aws:acm:{region}:{account}:certificate/{self.suffix}",
                                        domainName=self.endpoint),
                "targetGroups": [resource(f"{elb}:targetgroup/ecs-gateway-tg-{self.suffix[:8]}/{self.suffix[:16]}",
                                          healthCheckPath=config["healthCheckPath"],
                                          healthCheckPort=config["primaryContainer"]["containerPort"],
                                          port=config["primaryContainer"]["containerPort"])]}],
            "autoScaling": {
                "scalableTarget": resource(
                    f"arn:aws:application-autoscaling:{region}:{account}:scalable-target/{self.suffix}",
                    minCapacity=scaling["minTaskCount"], maxCapacity=scaling["maxTaskCount"]),
                "applicationAutoScalingPolicies": [resource(
                    f"arn:aws:autoscaling:{region}:{account}:scalingPolicy:{self.suffix}:resource/ecs/service/{cluster}/{name}:policyName/{name}-scaling",
                    policyType="TargetTrackingScaling", targetValue=float(scaling["autoScalingTargetValue"]),
                    metric=scaling["autoScalingMetric"])]},
            "serviceSecurityGroups": [resource(f"arn:aws:ec2:{region}:{account}:security-group/{sg}")
                                      for sg in network["securityGroups"]],
            "logGroups": [resource(f"arn:aws:logs:{region}:{account}:log-group:{group}", logGroupName=group)
                          for group in [config["primaryContainer"]["awsLogsConfiguration"]["logGroup"]]],
        }


def _express_of(backend: EC2ContainerServiceBackend, arn: str) -> ExpressService:
    svc = next((s for s in backend.services.values() if s.arn == arn), None)
    if svc is None:
        raise ServiceNotFoundException
    express = getattr(svc, "bed_express", None)
    if express is None:
        raise InvalidParameterException(f"The service {arn} is not an Express service.")
    return express


def _resolve(params: dict[str, Any], backend: EC2ContainerServiceBackend, cluster: str, name: str,
             suffix: str) -> dict[str, Any]:
    """A creation request's configuration with ECS's defaults filled in (and created)."""
    config = {member: copy.deepcopy(params.get(member)) for member in _CONFIG_MEMBERS}
    for member, value in DEFAULTS.items():
        config[member] = config[member] or value
    container = config["primaryContainer"] = config["primaryContainer"] or {}
    container.setdefault("containerPort", DEFAULT_PORT)
    if not container.get("awsLogsConfiguration"):
        container["awsLogsConfiguration"] = {"logGroup": f"/aws/ecs/{cluster}/{name}-{suffix[:4]}", "logStreamPrefix": "ecs"}
    config["scalingTarget"] = {**DEFAULT_SCALING, **(config["scalingTarget"] or {})}
    ec2 = ec2_backends[backend.account_id][backend.region_name]
    network = config["networkConfiguration"] = dict(config["networkConfiguration"] or {})
    if not network.get("subnets"):
        network["subnets"] = [s.id for s in ec2.describe_subnets(filters={"vpc-id": ec2.default_vpc.id})]
    if not network.get("securityGroups"):
        vpc_id = ec2.describe_subnets(subnet_ids=network["subnets"][:1])[0].vpc_id
        group = ec2.create_security_group(f"ecs-express-{name}-{suffix[:6]}", f"Express service {name}", vpc_id)
        network["securityGroups"] = [group.id]
    return config


def _register(backend: EC2ContainerServiceBackend, name: str, config: dict[str, Any]) -> str:
    """The task definition ECS registers for a configuration (family: the service's name)."""
    container = config["primaryContainer"]
    logs = container["awsLogsConfiguration"]
    logs_backend = logs_backends[backend.account_id][backend.region_name]
    if logs["logGroup"] not in logs_backend.groups:
        logs_backend.create_log_group(logs["logGroup"], {})
    definition = {
        "name": CONTAINER, "image": container["image"], "essential": True,
        "portMappings": [{"containerPort": container["containerPort"], "protocol": "tcp"}],
        "environment": container.get("environment") or [], "secrets": container.get("secrets") or [],
        "logConfiguration": {"logDriver": "awslogs", "options": {
            "awslogs-group": logs["logGroup"], "awslogs-stream-prefix": logs["logStreamPrefix"],
            "awslogs-region": backend.region_name}}}
    for optional in ("command", "repositoryCredentials"):
        if container.get(optional):
            definition[optional] = container[optional]
    registered = backend.register_task_definition(
        name, [definition], network_mode="awsvpc", requires_compatibilities=["FARGATE"], cpu=config["cpu"],
        memory=config["memory"], execution_role_arn=config["executionRoleArn"], task_role_arn=config["taskRoleArn"],
        runtime_platform={"cpuArchitecture": config["cpuArchitecture"], "operatingSystemFamily": "LINUX"})
    return registered.arn


def _deploy(express: ExpressService, config: dict[str, Any], task_definition: str) -> dict[str, Any]:
    """Starts the deployment of a configuration; returns it as the API shows it."""
    svc = express.svc
    svc.network_configuration = {"awsvpcConfiguration": {**config["networkConfiguration"], "assignPublicIp": "ENABLED"}}
    svc.desired_count = max(config["scalingTarget"]["minTaskCount"], 1)
    svc.bed_managed_resources = express.managed_resources(config)
    rollout = sim_of(svc).start(task_definition, plans.take("service", svc.name))
    stored = {**config, "serviceRevisionArn": rollout.revision.arn, "taskDefinitionArn": task_definition,
              "ingressPaths": [{"accessType": "PUBLIC", "endpoint": express.endpoint}], "createdAt": utcnow()}
    express.configurations[rollout.revision.arn] = stored
    express.updated_at = utcnow()
    return stored


def _create(self: EC2ContainerServiceResponse) -> ActionResult:
    backend, params = self.ecs_backend, self._get_params()
    role = params.get("infrastructureRoleArn")
    if not role:
        raise InvalidParameterException("infrastructureRoleArn is required.")
    cluster_name = (params.get("cluster") or "default").split("/")[-1]
    if cluster_name not in backend.clusters:
        if cluster_name != "default":
            raise ClusterNotFoundException
        backend.create_cluster("default")  # Express creates the default cluster if it is missing
    name = params.get("serviceName") or f"express-{hashlib.sha1(str(utcnow()).encode()).hexdigest()[:8]}"
    existing = backend.services.get(f"{cluster_name}:{name}")
    if existing is not None and existing.status == "ACTIVE":
        raise InvalidParameterException("Creation of service was not idempotent.")
    if not (params.get("primaryContainer") or {}).get("image"):
        raise InvalidParameterException("primaryContainer.image is required.")
    suffix = hashlib.sha1(f"{backend.account_id}/{cluster_name}/{name}".encode()).hexdigest()[:32]
    config = _resolve(params, backend, cluster_name, name, suffix)
    task_definition = _register(backend, name, config)
    network = {"awsvpcConfiguration": {**config["networkConfiguration"], "assignPublicIp": "ENABLED"}}
    svc = backend.create_service(cluster_name, name, config["scalingTarget"]["minTaskCount"], None,
                                 tags=params.get("tags") or [], launch_type="FARGATE", platform_version="LATEST",
                                 network_configuration=network)
    svc.resource_management_type = "ECS"
    svc.deployment_configuration = copy.deepcopy(DEPLOYMENT_CONFIGURATION)
    svc.deployment_controller = {"type": "ECS"}
    svc.scheduling_strategy, svc.propagate_tags = "REPLICA", "SERVICE"
    svc.enable_ecs_managed_tags, svc.enable_execute_command = True, False
    svc.health_check_grace_period_seconds = 0
    svc.created_at, svc.created_by = utcnow(), role
    svc.events = []
    ServiceSim(backend, svc)
    express = ExpressService(svc, role, suffix)
    _deploy(express, config, task_definition)
    return ActionResult({"service": express.view(with_tags=True)})


def _merge(newest: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """An update's configuration: what it sends replaces, member by member; the rest stays."""
    config = {member: copy.deepcopy(newest[member]) for member in _CONFIG_MEMBERS}
    for member in _CONFIG_MEMBERS:
        given = params.get(member)
        if given is None:
            continue
        if isinstance(given, dict) and isinstance(config[member], dict):
            config[member] = {**config[member], **copy.deepcopy(given)}
        else:
            config[member] = copy.deepcopy(given)
    return config


def _update(self: EC2ContainerServiceResponse) -> ActionResult:
    backend, params = self.ecs_backend, self._get_params()
    express = _express_of(backend, params["serviceArn"])
    if express.status != "ACTIVE":
        raise ServiceNotActiveException("Service was not ACTIVE.")
    config = _merge(express.newest(), params)
    task_definition = _register(backend, express.svc.name, config)
    target = _deploy(express, config, task_definition)
    return ActionResult({"service": {
        "serviceArn": express.svc.arn, "cluster": express.svc.cluster_arn, "serviceName": express.svc.name,
        "status": {"statusCode": express.status}, "targetConfiguration": target,
        "createdAt": express.created_at, "updatedAt": express.updated_at}})


def _describe(self: EC2ContainerServiceResponse) -> ActionResult:
    express = _express_of(self.ecs_backend, self._get_param("serviceArn"))
    plans.read(sim_of(express.svc))
    include = self._get_param("include") or []
    return ActionResult({"service": express.view(with_tags="TAGS" in include)})


def _delete(self: EC2ContainerServiceResponse) -> ActionResult:
    backend = self.ecs_backend
    express = _express_of(backend, self._get_param("serviceArn"))
    if express.status != "ACTIVE":
        raise ServiceNotActiveException("Service was not ACTIVE.")
    express.status = "DRAINING"
    answer = express.view(with_tags=True)
    # ECS drains the tasks and removes what it made; the bed does both at once.
    backend.delete_service(express.svc.cluster_name, express.svc.name, force=True)
    express.status = "INACTIVE"
    return ActionResult({"service": answer})


def install() -> None:
    EC2ContainerServiceResponse.create_express_gateway_service = _create
    EC2ContainerServiceResponse.update_express_gateway_service = _update
    EC2ContainerServiceResponse.describe_express_gateway_service = _describe
    EC2ContainerServiceResponse.delete_express_gateway_service = _delete
