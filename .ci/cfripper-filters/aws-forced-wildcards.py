"""cfripper filters: the wildcard resources that AWS leaves no narrower choice for.

cfripper's WildcardResourceRule reports every action that names a resource
type in its own action table. Each filter below accepts one such finding for
one action in the sagerole statements of one kind (by Sid), with the reason a reviewer can
check; any other action or statement with a "*" resource still fails.
"""

from cfripper.config.filter import Filter
from cfripper.model.enums import RuleMode


def _accept(sid, action, reason):
    """Accepts `action` in a statement whose Sid matches the regex `sid`."""
    return Filter(
        reason=reason,
        rule_mode=RuleMode.ALLOWED,
        eval={
            "and": [
                {"eq": [{"ref": "action"}, action]},
                {"regex": [sid, {"ref": "statement.Sid"}]},
            ]
        },
        rules={"WildcardResourceRule"},
    )


FILTERS = [
    _accept(
        r"ManageVpcNetworkInterfaces$",
        "ec2:CreateNetworkInterfacePermission",
        "SageMaker Developer Guide, 'Give SageMaker AI access to resources in your Amazon VPC': "
        "the VPC permissions are documented with Resource \"*\"; for processing jobs AWS states "
        "that conditions or resource filters on them make job creation fail",
    ),
    _accept(
        r"RenderUiTemplate[A-Za-z0-9]*$",
        "sagemaker:RenderUiTemplate",
        "Service Authorization Reference, Amazon SageMaker AI: RenderUiTemplate has no resource "
        "type, so IAM allows only \"*\" (cfripper's action table predates that entry)",
    ),
]
