"""Simulated ECS tasks: the ones services run, and RunTask tasks that progress per plan.

moto's own Task model starts RUNNING, advances on a global state-machine setting, shows one
container per task whatever the definition says and never stops with an exit code. The bed
uses its own `SimTask` instead, stored in moto's task table (`backend.tasks`) so moto's
ListTasks/DescribeTasks/StopTask code paths find it. The serializer reads task fields by
attribute name, so SimTask simply carries the Task shape's members as snake_case attributes.

RunTask is answered here too, on SimTask, which also sidesteps moto 5.2.5's two RunTask crashes
(a container without container-level memory; awsvpc in a VPC without DNS hostnames). And
ListTasks gets the serviceName filter and AWS's default desiredStatus=RUNNING, and pages as
AWS pages it (100 ARNs, `nextToken`); DescribeTasks refuses more than 100 tasks, as AWS does.
"""

import ipaddress
import itertools
import uuid
from datetime import datetime
from typing import Any

from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.ec2 import ec2_backends
from moto.ecs.exceptions import InvalidParameterException
from moto.ecs.models import Cluster, EC2ContainerServiceBackend, TaskDefinition
from moto.ecs.responses import EC2ContainerServiceResponse

from . import container_logs, elbv2, plans
from .state import on_reset

DYNAMIC_PORTS = (32768, 65535)
DEFAULT_STOP_REASON = "Essential container in task exited"

# Per-subnet next host index and per-instance next dynamic port; wiped on reset so a test
# sees the same addresses whatever ran before it.
_next_host: dict[str, int] = {}
_next_port: dict[str, int] = {}
_turns = itertools.count()  # round robin over container instances and subnets


@on_reset
def _clear_allocations() -> None:
    global _turns
    _next_host.clear()
    _next_port.clear()
    _turns = itertools.count()


class SimTask:
    """One ECS task whose lifecycle the bed drives (see module doc)."""

    def __init__(self, backend: EC2ContainerServiceBackend, cluster: Cluster, task_definition: TaskDefinition,
                 *, group: str, started_by: str = "", launch_type: str | None = None,
                 capacity_provider_name: str | None = None, network_configuration: dict[str, Any] | None = None,
                 overrides: dict[str, Any] | None = None, tags: list[dict[str, str]] | None = None,
                 platform_version: str | None = None, container_instance: Any = None):
        self.id = uuid.uuid4().hex  # AWS task ids are 32 hex digits
        self.region = backend.region_name
        self.account_id = backend.account_id
        self.cluster_name = cluster.name
        self.cluster_arn = cluster.arn
        self.task_arn = f"arn:aws:ecs:{self.region}:{self.account_id}:task/{cluster.name}/{self.id}"
        self.task_definition_arn = task_definition.arn
        self.group = group
        self.started_by = started_by
        self.launch_type = launch_type
        self.capacity_provider_name = capacity_provider_name
        self.platform_version = platform_version if launch_type == "FARGATE" else None
        self.overrides = overrides or {}
        self.tags = tags or []
        self.cpu = task_definition.cpu
        self.memory = task_definition.memory
        self.enable_execute_command = False
        self.last_status = "PENDING"
        self.desired_status = "RUNNING"
        self.health_status = "UNKNOWN"
        self.created_at = utcnow()
        self.version = 1
        self.started_at: datetime | None = None
        self.pull_started_at: datetime | None = None
        self.pull_stopped_at: datetime | None = None
        self.connectivity: str | None = None
        self.connectivity_at: datetime | None = None
        self.stopping_at: datetime | None = None
        self.stopped_at: datetime | None = None
        self.execution_stopped_at: datetime | None = None
        self.stopped_reason: str | None = None
        self.stop_code: str | None = None
        # Standalone tasks advance per plan when described; service tasks are driven by
        # their service's rollout and have no run of their own.
        self.run: TaskRun | None = None

        self.container_instance_arn = container_instance.container_instance_arn if container_instance else None
        self.ec2_instance_id = container_instance.ec2_instance_id if container_instance else None
        self.availability_zone = container_instance.attributes.get("ecs.availability-zone") if container_instance else None
        self.attachments: list[dict[str, Any]] = []
        self.private_ip: str | None = None
        if task_definition.network_mode == "awsvpc" and network_configuration:
            self._attach_eni(network_configuration["awsvpcConfiguration"])
        self.availability_zone = self.availability_zone or f"{self.region}a"
        # Host port bindings exist for bridge and host networking on an instance; awsvpc tasks
        # are reached on their own IP instead. Bridge ports are dynamic, as in the team's setup.
        bridge = task_definition.network_mode in (None, "bridge")
        bound = container_instance is not None and task_definition.network_mode != "awsvpc"
        self.containers = [self._container(definition, container_instance if bound else None, bridge)
                           for definition in task_definition.container_definitions]
        self.log_configs = container_logs.configs(task_definition.container_definitions, self.region)

    # --- what DescribeTasks shows -------------------------------------------------------

    def _attach_eni(self, awsvpc: dict[str, Any]) -> None:
        subnet_id = awsvpc["subnets"][next(_turns) % len(awsvpc["subnets"])]
        self.private_ip = _next_ip(self.account_id, self.region, subnet_id)
        self.availability_zone = _subnet_az(self.account_id, self.region, subnet_id)
        self.attachments = [{
            "id": str(uuid.uuid4()), "type": "ElasticNetworkInterface", "status": "ATTACHED",
            "details": [
                {"name": "subnetId", "value": subnet_id},
                {"name": "networkInterfaceId", "value": f"eni-{uuid.uuid4().hex[:17]}"},
                {"name": "macAddress", "value": "0a:" + ":".join(uuid.uuid4().hex[i:i + 2] for i in range(0, 10, 2))},
                {"name": "privateIPv4Address", "value": self.private_ip},
            ],
        }]

    def _container(self, definition: dict[str, Any], bound_instance: Any, bridge: bool) -> dict[str, Any]:
        bindings = []
        mappings = (definition.get("portMappings") or []) if bound_instance is not None else []
        for mapping in mappings:
            host_port = mapping.get("hostPort") or (
                _next_dynamic_port(bound_instance.ec2_instance_id) if bridge else mapping.get("containerPort"))
            bindings.append({"bindIP": "0.0.0.0", "containerPort": mapping.get("containerPort"),
                             "hostPort": host_port, "protocol": mapping.get("protocol", "tcp")})
        container = {
            "containerArn": f"arn:aws:ecs:{self.region}:{self.account_id}:container/{self.cluster_name}/{self.id}/{uuid.uuid4()}",
            "taskArn": self.task_arn, "name": definition.get("name"), "image": definition.get("image"),
            "runtimeId": f"{self.id}-{uuid.uuid4().hex[:10]}", "lastStatus": "PENDING",
            "networkBindings": bindings, "healthStatus": "UNKNOWN",
            "cpu": str(definition.get("cpu", 0)),
        }
        for key in ("memory", "memoryReservation"):
            if definition.get(key) is not None:
                container[key] = str(definition[key])
        if self.private_ip:
            container["networkInterfaces"] = [{"attachmentId": self.attachments[0]["id"], "privateIpv4Address": self.private_ip}]
        return container

    def host_port(self, container_name: str, container_port: int) -> int:
        """Where a target group reaches this task's container port (bridge: the dynamic port)."""
        for container in self.containers:
            if container["name"] == container_name:
                for binding in container["networkBindings"]:
                    if binding["containerPort"] == container_port:
                        return binding["hostPort"]
        return container_port

    @property
    def running(self) -> bool:
        return self.last_status == "RUNNING"

    @property
    def stopped(self) -> bool:
        return self.last_status == "STOPPED"

    # --- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        now = utcnow()
        self.last_status = "RUNNING"
        self.pull_started_at = self.pull_started_at or now
        self.pull_stopped_at = self.pull_stopped_at or now
        self.connectivity, self.connectivity_at = "CONNECTED", now
        self.started_at = now
        self.health_status = "HEALTHY"
        self.version += 1
        for container in self.containers:
            container["lastStatus"] = "RUNNING"
            container["healthStatus"] = "HEALTHY"
            if self.enable_execute_command:
                # ECS Exec's agent, as DescribeTasks shows it once the task runs.
                container["managedAgents"] = [{"name": "ExecuteCommandAgent", "lastStatus": "RUNNING",
                                               "lastStartedAt": now}]
        self._log([f"[bed] {{container}} started in task {self.id}"])

    def _log(self, lines: list[str]) -> None:
        for name, where in self.log_configs.items():
            container_logs.write(self.account_id, self.id, where, name, [line.format(container=name) for line in lines])

    def stop(self, reason: str, stop_code: str, exit_code: int | None = None, log_lines: list[str] | None = None) -> None:
        if self.stopped:
            return
        now = utcnow()
        self.desired_status = self.last_status = "STOPPED"
        self.stopping_at = self.stopped_at = self.execution_stopped_at = now
        self.stopped_reason, self.stop_code = reason, stop_code
        self.health_status = "UNKNOWN"
        self.version += 1
        for container in self.containers:
            container["lastStatus"] = "STOPPED"
            if exit_code is not None:
                container["exitCode"] = exit_code
                if exit_code != 0:
                    container["reason"] = f"Essential container exited with code {exit_code}"
        if exit_code:
            self._log(log_lines or [f"[bed] {{container}} exited with code {exit_code}"])

    def advance(self) -> None:
        """Called by moto's describe_tasks for every task it returns."""
        if self.run is not None:
            plans.read(self.run)


class TaskRun:
    """A RunTask task progressing per `kind: task` plan: PENDING → RUNNING → STOPPED."""

    def __init__(self, task: SimTask, plan: plans.Plan):
        self.task, self.plan = task, plan
        self.progress = plans.Progress(plan)
        self.steps_taken = 0
        plans.track(self)

    @property
    def busy(self) -> bool:
        return not self.task.stopped and self.plan.outcome != "stuck"

    def step(self) -> None:
        self.steps_taken += 1
        if not self.task.running:
            self.task.start()
        if self.steps_taken < self.plan.steps:
            return
        exit_code = self.plan.exit_code if self.plan.exit_code is not None else (1 if self.plan.outcome == "fail" else 0)
        self.task.stop(self.plan.stopped_reason or DEFAULT_STOP_REASON, "EssentialContainerExited", exit_code,
                       self.plan.log_lines)


# --- placement helpers ---------------------------------------------------------------------


def place(backend: EC2ContainerServiceBackend, cluster: Cluster, uses_instances: bool) -> Any:
    """The container instance for a new task (round robin), or None for Fargate-like tasks."""
    if not uses_instances:
        return None
    instances = [ci for ci in backend.container_instances.get(cluster.name, {}).values() if ci.status == "ACTIVE"]
    if not instances:
        return None
    return instances[next(_turns) % len(instances)]


def _next_dynamic_port(instance_id: str) -> int:
    port = _next_port.get(instance_id, DYNAMIC_PORTS[0])
    _next_port[instance_id] = port + 1 if port < DYNAMIC_PORTS[1] else DYNAMIC_PORTS[0]
    return port


def _next_ip(account_id: str, region: str, subnet_id: str) -> str:
    subnet = ec2_backends[account_id][region].get_subnet(subnet_id)
    network = ipaddress.ip_network(subnet.cidr_block, strict=False)
    index = _next_host.get(subnet_id, 10)  # AWS reserves the first four; start at .10 for readability
    _next_host[subnet_id] = index + 1
    return str(network[index % (network.num_addresses - 5) + 4])


def _subnet_az(account_id: str, region: str, subnet_id: str) -> str:
    return ec2_backends[account_id][region].get_subnet(subnet_id).availability_zone


def uses_container_instances(launch_type: str | None, capacity_provider: str | None) -> bool:
    if launch_type:
        return launch_type == "EC2"
    return capacity_provider not in ("FARGATE", "FARGATE_SPOT")


def _validate_subnets(backend: EC2ContainerServiceBackend, subnet_ids: list[str]) -> None:
    if not subnet_ids:
        raise InvalidParameterException("subnets can not be empty.")
    known = {subnet.id for subnet in ec2_backends[backend.account_id][backend.region_name].describe_subnets()}
    missing = [subnet for subnet in subnet_ids if subnet not in known]
    if missing:
        raise InvalidParameterException(f"Error retrieving subnet information for [{missing[0]}]: "
                                        f"The subnet ID '{missing[0]}' does not exist (ErrorCode: InvalidSubnetID.NotFound)")


def add_to_backend(backend: EC2ContainerServiceBackend, task: SimTask) -> None:
    backend.tasks.setdefault(task.cluster_name, {})[task.task_arn] = task


# --- patches -------------------------------------------------------------------------------

_original_list_tasks = EC2ContainerServiceBackend.list_tasks
_original_stop_task = EC2ContainerServiceBackend.stop_task


def _list_tasks(self: EC2ContainerServiceBackend, cluster_str: str | None = None, container_instance: str | None = None,
                family: str | None = None, started_by: str | None = None, service_name: str | None = None,
                desiredStatus: str | None = None) -> list[Any]:
    # moto ignores serviceName, lists tasks of every desired status (AWS: RUNNING unless asked
    # for STOPPED) and crashes filtering by container instance when a task has none.
    tasks = _original_list_tasks(self, cluster_str, None, family, started_by, None, desiredStatus or "RUNNING")
    if container_instance:
        tasks = [t for t in tasks if t.container_instance_arn and t.container_instance_arn.endswith(container_instance.split("/")[-1])]
    if service_name:
        tasks = [t for t in tasks if t.group == f"service:{service_name.split('/')[-1]}"]
    return tasks


LIST_PAGE = 100  # ListTasks' default and largest maxResults; DescribeTasks' largest list


def _list_tasks_response(self: EC2ContainerServiceResponse) -> ActionResult:
    # moto answers with every ARN at once: a client that reads only the first page would pass
    # here and miss tasks against AWS.
    max_results = self._get_int_param("maxResults") or LIST_PAGE
    if not 1 <= max_results <= LIST_PAGE:
        raise InvalidParameterException("maxResults must be between 1 and 100.")
    start = int(self._get_param("nextToken") or 0)
    tasks = self.ecs_backend.list_tasks(self._get_param("cluster", "default"), self._get_param("containerInstance"),
                                        self._get_param("family"), self._get_param("startedBy"),
                                        self._get_param("serviceName"), self._get_param("desiredStatus"))
    arns = [t.task_arn for t in tasks]
    result: dict[str, Any] = {"taskArns": arns[start:start + max_results]}
    if start + max_results < len(arns):
        result["nextToken"] = str(start + max_results)
    return ActionResult(result)


_original_describe_tasks_response = EC2ContainerServiceResponse.describe_tasks


def _describe_tasks_response(self: EC2ContainerServiceResponse) -> ActionResult:
    if len(self._get_param("tasks", [])) > LIST_PAGE:
        raise InvalidParameterException("Tasks cannot be longer than 100.")
    return _original_describe_tasks_response(self)


def _stop_task(self: EC2ContainerServiceBackend, cluster_str: str, task_str: str, reason: str) -> Any:
    cluster = self._get_cluster(cluster_str)
    for arn, task in self.tasks.get(cluster.name, {}).items():
        if arn.endswith(task_str.split("/")[-1]) and isinstance(task, SimTask):
            # A service notices the missing task at its next step and starts a replacement.
            task.stop(reason or "Task stopped by user", "UserInitiated", None)
            elbv2.deregister_task(task.task_arn)
            return task
    return _original_stop_task(self, cluster_str, task_str, reason)


def _run_task_response(self: EC2ContainerServiceResponse) -> ActionResult:
    cluster = self.ecs_backend._get_cluster(self._get_param("cluster", "default"))
    task_definition = self.ecs_backend.describe_task_definition(self._get_param("taskDefinition"))
    launch_type = self._get_param("launchType")
    strategy = self._get_param("capacityProviderStrategy") or ([] if launch_type else cluster.default_capacity_provider_strategy or [])
    capacity_provider = strategy[0]["capacityProvider"] if strategy else None
    if not launch_type and not capacity_provider:
        launch_type = "EC2"
    network = self._get_param("networkConfiguration")
    if task_definition.network_mode == "awsvpc":
        if not network:
            raise InvalidParameterException("Network Configuration must be provided when networkMode 'awsvpc' is specified.")
        _validate_subnets(self.ecs_backend, network["awsvpcConfiguration"].get("subnets") or [])
    uses_instances = uses_container_instances(launch_type, capacity_provider)
    if uses_instances and not any(ci.status == "ACTIVE" for ci in self.ecs_backend.container_instances.get(cluster.name, {}).values()):
        return ActionResult({"tasks": [], "failures": [{"arn": cluster.arn, "reason": "No Container Instances were found in your cluster."}]})
    tasks = []
    for _ in range(self._get_int_param("count", 1)):
        task = SimTask(self.ecs_backend, cluster, task_definition,
                       group=self._get_param("group") or f"family:{task_definition.family}",
                       started_by=self._get_param("startedBy") or "", launch_type=launch_type,
                       capacity_provider_name=capacity_provider,
                       network_configuration=network,
                       overrides=self._get_param("overrides"), tags=self._get_param("tags"),
                       platform_version=self._get_param("platformVersion") or "LATEST",
                       container_instance=place(self.ecs_backend, cluster, uses_instances))
        task.enable_execute_command = bool(self._get_param("enableExecuteCommand"))
        task.run = TaskRun(task, plans.take("task", task_definition.family))
        add_to_backend(self.ecs_backend, task)
        tasks.append(task)
    return ActionResult({"tasks": tasks, "failures": []})


def install() -> None:
    EC2ContainerServiceBackend.list_tasks = _list_tasks
    EC2ContainerServiceBackend.stop_task = _stop_task
    EC2ContainerServiceResponse.run_task = _run_task_response
    EC2ContainerServiceResponse.list_tasks = _list_tasks_response
    EC2ContainerServiceResponse.describe_tasks = _describe_tasks_response
