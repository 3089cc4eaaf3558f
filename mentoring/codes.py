"""Stable machine codes (DOMAIN.md, "Codes used in imports, exports and the database"), with labels."""

from django.db import models

from schemes.codes import MenteeRole  # noqa: F401  (a scheme says which roles it admits)


class MentorRole(models.TextChoices):
    GP_PARTNER = "gp_partner", "GP partner"
    SALARIED_GP = "salaried_gp", "Salaried GP"
    LOCUM_GP = "locum_gp", "Locum GP"
    RETIRED_GP = "retired_gp", "Retired GP"


class Experience(models.TextChoices):
    LEADERSHIP = "leadership", "Leadership"
    MEDICAL_EDUCATION = "medical_education", "Medical education"
    APPRAISER = "appraiser", "Appraiser"
    PARTNER = "partner", "GP partner"


class FocusAreaCode(models.TextChoices):
    LEADERSHIP = "leadership", "Leadership"
    CAREER_PROGRESSION = "career_progression", "Career progression"
    CAREER_PLANNING = "career_planning", "Career planning"
    WELLBEING = "wellbeing", "Wellbeing"
    PARTNERSHIP = "partnership", "Partnership"
    PORTFOLIO_CAREER = "portfolio_career", "Portfolio career"
    EDUCATION = "education", "Education"
    RETURNING_TO_PRACTICE = "returning_to_practice", "Returning to practice"
    NEW_TO_PRACTICE = "new_to_practice", "New to practice"


class Mode(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    VIDEO = "video", "Video"
    TELEPHONE = "telephone", "Telephone"


class AgeBand(models.TextChoices):
    UNDER_30 = "under_30", "Under 30"
    AGE_30_34 = "30_34", "30 to 34"
    AGE_35_39 = "35_39", "35 to 39"
    AGE_40_44 = "40_44", "40 to 44"
    AGE_45_49 = "45_49", "45 to 49"
    AGE_50_54 = "50_54", "50 to 54"
    AGE_55_59 = "55_59", "55 to 59"
    AGE_60_64 = "60_64", "60 to 64"
    AGE_65_69 = "65_69", "65 to 69"
    AGE_70_PLUS = "70_plus", "70 or over"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NON_BINARY = "non_binary", "Non-binary"
    OTHER = "other", "Other"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"


class Ethnicity(models.TextChoices):
    """NHS Data Dictionary ethnic category codes."""

    A = "A", "White: British"
    B = "B", "White: Irish"
    C = "C", "White: any other White background"
    D = "D", "Mixed: White and Black Caribbean"
    E = "E", "Mixed: White and Black African"
    F = "F", "Mixed: White and Asian"
    G = "G", "Mixed: any other mixed background"
    H = "H", "Asian or Asian British: Indian"
    J = "J", "Asian or Asian British: Pakistani"
    K = "K", "Asian or Asian British: Bangladeshi"
    L = "L", "Asian or Asian British: any other Asian background"
    M = "M", "Black or Black British: Caribbean"
    N = "N", "Black or Black British: African"
    P = "P", "Black or Black British: any other Black background"
    R = "R", "Other ethnic groups: Chinese"
    S = "S", "Other ethnic groups: any other ethnic group"
    Z = "Z", "Not stated (prefer not to say)"


class CareerStage(models.TextChoices):
    TRAINEE = "trainee", "Trainee"
    NEWLY_QUALIFIED = "newly_qualified", "Newly qualified (first two years)"
    EARLY_MID_CAREER = "early_mid_career", "Early to mid career"
    PRE_RETIREMENT = "pre_retirement", "Within five years of retirement"
    RETURNER = "returner", "Returning to practice"


class Reason(models.TextChoices):
    """Reasons for seeking mentoring."""

    CAREER_OPTIONS = "career_options", "Career options"
    WORK_LIFE_BALANCE = "work_life_balance", "Work-life balance"
    WORK_ENVIRONMENT = "work_environment", "Work environment"
    STRESS_MANAGEMENT = "stress_management", "Stress management"
    NEW_ROLE = "new_role", "New role"
    WORKLOAD = "workload", "Workload"
    CHANGE = "change", "Change"
    TIME_MANAGEMENT = "time_management", "Time management"
    OTHER = "other", "Other"


class ChangeConsidered(models.TextChoices):
    REDUCE_HOURS = "reduce_hours", "Reducing my hours"
    LEAVE_GENERAL_PRACTICE = "leave_general_practice", "Leaving general practice"
    RETIRE_EARLY = "retire_early", "Retiring early"
    CHANGE_ROLE = "change_role", "Changing my role"
    TAKE_PARTNERSHIP = "take_partnership", "Taking on a partnership"
    PORTFOLIO_CAREER = "portfolio_career", "A portfolio career"
    NONE = "none", "None of these"


class PreferredContact(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
