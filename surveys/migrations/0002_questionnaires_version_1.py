"""Version 1 of the four questionnaires. A change of wording, items or scale is a new version (a new data
migration), never an edit of this one: responses keep pointing at the version they answered.

Choice codes are copied here, not imported, so this migration means the same thing forever; a test checks
they match mentoring.codes as it stands.
"""

from django.db import migrations

PSS_ANSWERS = {"0": "Never", "1": "Almost never", "2": "Sometimes", "3": "Fairly often", "4": "Very often"}
PSS_ITEMS = [
    ("upset_unexpected", "been upset because of something that happened unexpectedly", False),
    ("unable_to_control", "felt that you were unable to control the important things in your life", False),
    ("nervous_stressed", "felt nervous and “stressed”", False),
    ("confident_personal_problems", "felt confident about your ability to handle your personal problems", True),
    ("going_your_way", "felt that things were going your way", True),
    ("could_not_cope", "found that you could not cope with all the things that you had to do", False),
    ("control_irritations", "been able to control irritations in your life", True),
    ("on_top_of_things", "felt that you were on top of things", True),
    ("angered_outside_control", "been angered because of things that were outside of your control", False),
    ("difficulties_piling_up", "felt difficulties were piling up so high that you could not overcome them", False),
]
WLB_SCALE = {"min": 1, "max": 10, "labels": {"1": "1 (very poor)", "10": "10 (excellent)"}}
REASONS = [
    ["career_options", "Career options"],
    ["work_life_balance", "Work-life balance"],
    ["work_environment", "Work environment"],
    ["stress_management", "Stress management"],
    ["new_role", "New role"],
    ["workload", "Workload"],
    ["change", "Change"],
    ["time_management", "Time management"],
    ["other", "Other"],
]
CHANGES_MADE = [
    ["reduce_hours", "Reduced my hours"],
    ["leave_general_practice", "Left general practice"],
    ["retire_early", "Retired early"],
    ["change_role", "Changed my role"],
    ["take_partnership", "Took on a partnership"],
    ["portfolio_career", "Started a portfolio career"],
    ["none", "None of these"],
]
IMPACT = [
    ["great_deal", "A great deal"],
    ["somewhat", "Somewhat"],
    ["a_little", "A little"],
    ["not_at_all", "Not at all"],
]

QUESTIONNAIRES = [
    {
        "code": "pss10",
        "title": "How stressed you have felt",
        "introduction": (
            "The questions in this scale ask you about your feelings and thoughts during the last month. "
            "In each case, please choose how often you felt or thought a certain way."
        ),
        "citation": (
            "Perceived Stress Scale (PSS-10). Cohen S, Kamarck T, Mermelstein R (1983). A global measure of "
            "perceived stress. Journal of Health and Social Behavior 24(4): 385–396."
        ),
        "scoring": "sum_with_reversals",
        "banding": "stress",
        "items": [
            {
                "code": code,
                "text": f"In the last month, how often have you {wording}?",
                "kind": "scale",
                "reversed": reversed_,
                "scale": {"min": 0, "max": 4, "labels": PSS_ANSWERS},
            }
            for code, wording, reversed_ in PSS_ITEMS
        ],
    },
    {
        "code": "wlb",
        "title": "Your work-life balance",
        "introduction": "",
        "citation": "",
        "scoring": "single_value",
        "banding": "",
        "items": [
            {
                "code": "wlb",
                "text": "How would you rate your work-life balance at the moment?",
                "hint": "1 is very poor and 10 is excellent",
                "kind": "scale",
                "scale": WLB_SCALE,
            }
        ],
    },
    {
        "code": "final_review",
        "title": "Looking back on your mentoring",
        "introduction": "Please answer these two questions at or after your final mentoring session.",
        "citation": "",
        "scoring": "none",
        "banding": "",
        "items": [
            {
                "code": "reasons_addressed",
                "text": "Which of your reasons for seeking mentoring were addressed?",
                "hint": "Select all that apply",
                "kind": "multi_choice",
                "choices": REASONS,
                "required": False,
            },
            {
                "code": "wlb",
                "text": "How would you rate your work-life balance now?",
                "hint": "1 is very poor and 10 is excellent",
                "kind": "scale",
                "scale": WLB_SCALE,
            },
        ],
    },
    {
        "code": "follow_up",
        "title": "Three months on: your feedback on mentoring",
        "introduction": "Your mentoring ended about three months ago. Your answers help the scheme improve.",
        "citation": "",
        "scoring": "none",
        "banding": "",
        "items": [
            {
                "code": "impact",
                "text": "How much has mentoring helped you?",
                "kind": "choice",
                "choices": IMPACT,
            },
            {
                "code": "changes_made",
                "text": "What changes have you made as a result of mentoring?",
                "hint": "Select all that apply",
                "kind": "multi_choice",
                "choices": CHANGES_MADE,
                "required": False,
            },
            {
                "code": "wlb_now",
                "text": "How would you rate your work-life balance now?",
                "hint": "1 is very poor and 10 is excellent",
                "kind": "scale",
                "scale": WLB_SCALE,
            },
            {
                "code": "intends_to_leave_now",
                "text": "Do you intend to leave the profession?",
                "kind": "yes_no",
            },
            {
                "code": "would_recommend",
                "text": "Would you recommend mentoring to a colleague?",
                "kind": "yes_no",
            },
            {
                "code": "comments",
                "text": "Is there anything else you would like to tell us about your mentoring?",
                "kind": "free_text",
                "required": False,
            },
        ],
    },
]


def create(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Item = apps.get_model("surveys", "Item")
    for spec in QUESTIONNAIRES:
        spec = dict(spec)
        items = spec.pop("items")
        questionnaire = Questionnaire.objects.create(version=1, is_current=True, **spec)
        for number, item in enumerate(items, start=1):
            Item.objects.create(questionnaire=questionnaire, number=number, **item)


def remove(apps, schema_editor):
    apps.get_model("surveys", "Questionnaire").objects.filter(
        code__in=[spec["code"] for spec in QUESTIONNAIRES], version=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
