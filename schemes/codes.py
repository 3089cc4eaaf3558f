"""Codes a scheme's own settings refer to."""

from django.db import models


class MenteeRole(models.TextChoices):
    GP_PARTNER = "gp_partner", "GP partner"
    SALARIED_GP = "salaried_gp", "Salaried GP"
    LOCUM_GP = "locum_gp", "Locum GP"
    GP_RETAINER = "gp_retainer", "GP retainer"
    GP_TRAINEE = "gp_trainee", "GP trainee or registrar"
    GP_FELLOW = "gp_fellow", "Newly qualified GP on the fellowship"
    RETURNING_GP = "returning_gp", "Returning GP"
    INTERNATIONAL_GP = "international_gp", "International GP"
    PRACTICE_NURSE = "practice_nurse", "Practice nurse"
    PRACTICE_MANAGER = "practice_manager", "Practice or business manager"
    OTHER_CLINICAL_LEADER = "other_clinical_leader", "Other clinical staff with leadership responsibility"
    OTHER_NON_CLINICAL_LEADER = "other_non_clinical_leader", "Other non-clinical staff with leadership responsibility"
