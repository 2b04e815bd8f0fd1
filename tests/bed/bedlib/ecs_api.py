"""The ECS API surface the bed changes: services, task definitions, service deployments.

Patched at moto's response layer (`EC2ContainerServiceResponse`), where every request
parameter is at hand; moto's serializer then renders whatever attributes the models carry
according to the botocore shapes, so echoing a field is a matter of storing it.

- CreateService keeps every input member the Service shape can echo (moto drops most of
  them), fills the AWS defaults, refuses a duplicate name, and starts the first rollout.
- UpdateService is reimplemented: taskDefinition normalised to an ARN, desiredCount no longer
  teleports runningCount, a new deployment only when AWS would start one, CODE_DEPLOY
  services refuse what AWS refuses.
- Both refuse a PAUSE lifecycle hook on TEST_TRAFFIC_SHIFT / PRODUCTION_TRAFFIC_SHIFT.
- DescribeServices advances the simulation (reads mode) before answering.
- List/DescribeServiceDeployments, DescribeServiceRevisions, Stop/ContinueServiceDeployment
  are new (moto answers 500).
- Task definitions get registeredAt/registeredBy/deregisteredAt.
"""

from datetime import UTC, datetime
from typing import Any

from botocore import xform_name
from moto.core.responses import ActionResult
from moto.core.utils import get_service_model, utcnow
from moto.ecs.exceptions import ECSException, EcsClientException, InvalidParameterException
from moto.ecs import exceptions as ecs_exceptions
from moto.ecs.models import EC2ContainerServiceBackend, Service as FakeService
from moto.ecs.responses import EC2ContainerServiceResponse

from . import bluegreen, ecs_rollout, plans
from .ecs_rollout import ServiceSim, sim_of

_MODEL = get_service_model("ecs")
# CreateService/UpdateService members the bed stores on the Service as-is (the serializer
# echoes those in the Service shape; the others feed revisions and deployments[]).
_NOT_STORED = {"cluster", "service", "serviceName", "taskDefinition", "desiredCount", "clientToken", "role",
               "tags", "forceNewDeployment"}
_CREATE_STORED = sorted(set(_MODEL.operation_model("CreateService").input_shape.members) - _NOT_STORED)
_UPDATE_STORED = sorted(set(_MODEL.operation_model("UpdateService").input_shape.members) - _NOT_STORED)
# UpdateService members whose change makes AWS start a new deployment.
_DEPLOYMENT_TRIGGERS = ("capacityProviderStrategy", "networkConfiguration", "loadBalancers", "platformVersion",
                        "placementConstraints", "placementStrategy", "serviceRegistries", "serviceConnectConfiguration",
                        "volumeConfigurations", "vpcLatticeConfigurations")
_DEFAULT_DEPLOYMENT_CONFIGURATION = {"maximumPercent": 200, "minimumHealthyPercent": 100,
                                     "deploymentCircuitBreaker": {"enable": False, "rollback": False}}


class ServiceDeploymentNotFoundException(ECSException):
    code = "ServiceDeploymentNotFoundException"


class ConflictException(ECSException):
    code = "ConflictException"


def _task_definition_arn(backend: EC2ContainerServiceBackend, reference: str) -> str:
    definition = backend.describe_task_definition(reference)  # ClientException if unknown
    if definition.status == "INACTIVE":
        raise EcsClientException("TaskDefinition is inactive")
    return definition.arn


def _check_deployment_configuration(config: dict[str, Any] | None) -> None:
    refusal = bluegreen.check_hooks(config)
    if refusal:
        raise InvalidParameterException(refusal)


def _apply_launch_settings(svc: Any, backend: EC2ContainerServiceBackend, params: dict[str, Any], creating: bool) -> None:
    # moto forces launchType=EC2 even next to a capacity provider strategy; AWS shows one or
    # the other, and a service given neither uses the cluster's default strategy.
    if params.get("capacityProviderStrategy"):
        svc.launch_type = None
    elif creating and not params.get("launchType"):
        default = backend._get_cluster(svc.cluster_name).default_capacity_provider_strategy
        svc.capacity_provider_strategy, svc.launch_type = (default, None) if default else (None, "EC2")
    if svc.launch_type == "FARGATE" and not getattr(svc, "platform_version", None):
        svc.platform_version = "LATEST"


_original_create_service = EC2ContainerServiceResponse.create_service


def _create_service(self: EC2ContainerServiceResponse) -> ActionResult:
    backend = self.ecs_backend
    cluster = backend._get_cluster(self._get_param("cluster", "default"))
    name = self._get_param("serviceName")
    existing = backend.services.get(f"{cluster.name}:{name}")
    if existing is not None and existing.status == "ACTIVE":
        raise InvalidParameterException("Creation of service was not idempotent.")
    _check_deployment_configuration(self._get_param("deploymentConfiguration"))
    reference = self._get_param("taskDefinition")
    task_definition = _task_definition_arn(backend, reference) if reference else None
    svc = _original_create_service(self).result["service"]
    params = self._get_params()
    for member in _CREATE_STORED:
        setattr(svc, xform_name(member), params.get(member))
    svc.deployment_configuration = {**_DEFAULT_DEPLOYMENT_CONFIGURATION, **(params.get("deploymentConfiguration") or {})}
    svc.deployment_controller = params.get("deploymentController") or {"type": "ECS"}
    svc.scheduling_strategy = params.get("schedulingStrategy") or "REPLICA"
    svc.propagate_tags = params.get("propagateTags") or "NONE"
    svc.enable_ecs_managed_tags = bool(params.get("enableECSManagedTags"))
    svc.enable_execute_command = bool(params.get("enableExecuteCommand"))
    svc.created_at = utcnow()
    svc.created_by = f"arn:aws:iam::{backend.account_id}:root"
    svc.events = []
    _apply_launch_settings(svc, backend, params, creating=True)
    sim = ServiceSim(backend, svc)
    if task_definition and svc.deployment_controller.get("type") != "EXTERNAL":
        sim.start(task_definition, plans.take("service", name))
    else:
        sim.render()
    return ActionResult({"service": svc})


def _update_service(self: EC2ContainerServiceResponse) -> ActionResult:
    backend = self.ecs_backend
    params = self._get_params()
    svc = backend._get_service(params.get("cluster", "default"), params["service"].split("/")[-1])
    sim = sim_of(svc)
    controller = svc.deployment_controller.get("type", "ECS")
    _check_deployment_configuration(params.get("deploymentConfiguration"))
    reference = params.get("taskDefinition")
    new_definition = _task_definition_arn(backend, reference) if reference else svc.task_definition
    force = bool(params.get("forceNewDeployment"))
    if controller == "CODE_DEPLOY" and new_definition != svc.task_definition:
        raise InvalidParameterException("Unable to update task definition on services with a CODE_DEPLOY deployment "
                                        "controller. Use AWS CodeDeploy to trigger a new deployment.")
    if controller == "CODE_DEPLOY" and force:
        raise InvalidParameterException("Cannot force a new deployment on services with a CODE_DEPLOY deployment "
                                        "controller. Use AWS CodeDeploy to trigger a new deployment.")
    triggered = [m for m in _DEPLOYMENT_TRIGGERS if params.get(m) is not None and params[m] != getattr(svc, xform_name(m), None)]
    for member in _UPDATE_STORED:
        if params.get(member) is not None:
            setattr(svc, xform_name(member), params[member])
    _apply_launch_settings(svc, backend, params, creating=False)
    if params.get("desiredCount") is not None:
        svc.desired_count = params["desiredCount"]
    if controller == "ECS" and new_definition and (new_definition != svc.task_definition or force or triggered):
        sim.start(new_definition, plans.take("service", svc.name))
    else:
        sim.scaled()
    return ActionResult({"service": svc})


_original_describe_services = EC2ContainerServiceBackend.describe_services
_original_list_services = EC2ContainerServiceBackend.list_services
_original_delete_service = EC2ContainerServiceBackend.delete_service


def _describe_services(self: EC2ContainerServiceBackend, cluster_str: str, names: list[str]) -> tuple[list[Any], list[Any]]:
    services, failures = _original_describe_services(self, cluster_str, names)
    for svc in {id(s): s for s in services}.values():  # one step per read, even if named twice
        plans.read(sim_of(svc))
    return services, failures


def _list_services(self: EC2ContainerServiceBackend, cluster_str: str, scheduling_strategy: str | None = None,
                   launch_type: str | None = None) -> list[str]:
    # AWS stops listing a service once it is deleted; moto keeps listing it as INACTIVE.
    inactive = {s.arn for s in self.services.values() if s.status != "ACTIVE"}
    return [arn for arn in _original_list_services(self, cluster_str, scheduling_strategy, launch_type) if arn not in inactive]


def _delete_service(self: EC2ContainerServiceBackend, cluster_name: str, service_name: str, force: bool) -> Any:
    svc = _original_delete_service(self, cluster_name, service_name, force)
    sim_of(svc).shut_down()
    return svc


# --- service deployments and revisions ------------------------------------------------------


def _aware(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.fromtimestamp(float(value), UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _list_service_deployments(self: EC2ContainerServiceResponse) -> ActionResult:
    svc = self.ecs_backend._get_service(self._get_param("cluster", "default"), self._get_param("service").split("/")[-1])
    sim = sim_of(svc)
    plans.read(sim)
    statuses = self._get_param("status") or []
    created = self._get_param("createdAt") or {}
    before, after = _aware(created.get("before")), _aware(created.get("after"))
    matching = [r for r in reversed(sim.rollouts)
                if (not statuses or r.status in statuses)
                and (before is None or _aware(r.created_at) < before)
                and (after is None or _aware(r.created_at) > after)]
    start = int(self._get_param("nextToken") or 0)
    end = start + (self._get_param("maxResults") or 20)
    return ActionResult({"serviceDeployments": [r.brief() for r in matching[start:end]],
                         "nextToken": str(end) if end < len(matching) else None})


def _describe_service_deployments(self: EC2ContainerServiceResponse) -> ActionResult:
    arns = self._get_param("serviceDeploymentArns") or []
    found = {arn: ecs_rollout.find_rollout(arn) for arn in arns}
    for sim in {id(r.sim): r.sim for r in found.values() if r}.values():
        plans.read(sim)
    return ActionResult({"serviceDeployments": [r.to_api() for r in found.values() if r],
                         "failures": [{"arn": arn, "reason": "MISSING"} for arn, r in found.items() if r is None]})


def _describe_service_revisions(self: EC2ContainerServiceResponse) -> ActionResult:
    arns = self._get_param("serviceRevisionArns") or []
    found = {arn: ecs_rollout.find_revision(arn) for arn in arns}
    return ActionResult({"serviceRevisions": [r.to_api() for r in found.values() if r],
                         "failures": [{"arn": arn, "reason": "MISSING"} for arn, r in found.items() if r is None]})


def _rollout_or_raise(arn: str) -> ecs_rollout.Rollout:
    rollout = ecs_rollout.find_rollout(arn)
    if rollout is None:
        raise ServiceDeploymentNotFoundException(f"The service deployment {arn} does not exist.")
    return rollout


def _stop_service_deployment(self: EC2ContainerServiceResponse) -> ActionResult:
    arn = self._get_param("serviceDeploymentArn")
    rollout = _rollout_or_raise(arn)
    stop_type = self._get_param("stopType") or "ROLLBACK"
    if rollout.status not in ("PENDING", "IN_PROGRESS"):
        raise ConflictException(f"The service deployment is {rollout.status} and cannot be stopped.")
    rollout.sim.request_stop(rollout, stop_type)
    return ActionResult({"serviceDeploymentArn": arn})


def _continue_service_deployment(self: EC2ContainerServiceResponse) -> ActionResult:
    arn = self._get_param("serviceDeploymentArn")
    rollout = _rollout_or_raise(arn)
    if not rollout.sim.continue_hook(rollout, self._get_param("hookId"), self._get_param("action") or "CONTINUE"):
        raise InvalidParameterException("The lifecycle hook is not awaiting action.")
    return ActionResult({"serviceDeploymentArn": arn})


# --- task definitions ------------------------------------------------------------------------

_original_register_task_definition = EC2ContainerServiceBackend.register_task_definition
_original_deregister_task_definition = EC2ContainerServiceBackend.deregister_task_definition


def _register_task_definition(self: EC2ContainerServiceBackend, *args: Any, **kwargs: Any) -> Any:
    definition = _original_register_task_definition(self, *args, **kwargs)
    definition.registered_at = utcnow()
    definition.registered_by = f"arn:aws:iam::{self.account_id}:root"
    return definition


def _validate_container_defs(memory: str | None, container_definitions: list[dict[str, Any]],
                             requires_compatibilities: list[str] | None) -> None:
    """AWS's rule: every container needs `memory` or `memoryReservation` unless the task sets
    `memory`. moto additionally demands a hard `memory` limit for EC2 tasks, which AWS does not."""
    for cd in container_definitions:
        for key in ("name", "image"):
            if key not in cd and key.capitalize() not in cd:
                raise ecs_exceptions.TaskDefinitionMissingPropertyError(key)
        limits = ("memory", "Memory", "memoryReservation", "MemoryReservation")
        if not memory and not any(k in cd for k in limits):
            raise ecs_exceptions.TaskDefinitionMemoryError(cd.get("name") or cd.get("Name"))


def _deregister_task_definition(self: EC2ContainerServiceBackend, task_definition_str: str) -> Any:
    definition = _original_deregister_task_definition(self, task_definition_str)
    definition.deregistered_at = utcnow()
    return definition


_original_validate_network = FakeService._validate_network


def _validate_network(self: FakeService, nc: dict[str, Any]) -> dict[str, Any]:
    """AWS uses the VPC's default security group when `securityGroups` is left out; moto
    indexes the missing key and answers HTTP 500."""
    vpc = nc.get("awsvpcConfiguration")
    if isinstance(vpc, dict) and "securityGroups" not in vpc:
        validated = _original_validate_network(self, {**nc, "awsvpcConfiguration": {**vpc, "securityGroups": []}})
        validated["awsvpcConfiguration"].pop("securityGroups", None)
        return validated
    return _original_validate_network(self, nc)


def install() -> None:
    EC2ContainerServiceResponse.create_service = _create_service
    EC2ContainerServiceResponse.update_service = _update_service
    EC2ContainerServiceResponse.list_service_deployments = _list_service_deployments
    EC2ContainerServiceResponse.describe_service_deployments = _describe_service_deployments
    EC2ContainerServiceResponse.describe_service_revisions = _describe_service_revisions
    EC2ContainerServiceResponse.stop_service_deployment = _stop_service_deployment
    EC2ContainerServiceResponse.continue_service_deployment = _continue_service_deployment
    EC2ContainerServiceBackend.describe_services = _describe_services
    EC2ContainerServiceBackend.list_services = _list_services
    EC2ContainerServiceBackend.delete_service = _delete_service
    EC2ContainerServiceBackend.register_task_definition = _register_task_definition
    EC2ContainerServiceBackend._validate_container_defs = staticmethod(_validate_container_defs)
    FakeService._validate_network = _validate_network
    EC2ContainerServiceBackend.deregister_task_definition = _deregister_task_definition
