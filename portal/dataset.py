"""A synthetic England (or one hub): believable rows in every state, for benchmarks and load tests.

Rows are built as model instances and written with bulk_create in large batches, never through the
services: the services write one audited row at a time under locks, which at national size (half a
million sessions, 300,000 claim lines) would take hours. Instead the builder keeps the invariants the
services keep, by construction:

- a mentee's status follows their mentorships (waiting: none open; matched: one open; finished: a
  completed one; withdrawn: a withdrawn one), and no mentor holds more open mentorships than places;
- a mentorship is active or ended only after its first held session, and started_on is that session's
  date; a completed one ends on its final session and its follow-up is due the scheme's months later;
- session minutes held stay within the mentee's allowance;
- a claim line for mentoring is one per mentor and ISO week (dated by the week's first held session, on
  the claim of that date's month); training lines only once there is a mentoring plan; a conversation
  is claimed once both parts are held; amounts are Decimal at the scheme's rate;
- a claim's status is the one claims.services.claim_status_from_lines gives its lines; paid lines are
  in a paid payment batch whose total is theirs;
- questionnaire scores are the sum of their answers with the reversed items reversed, banded at the
  scheme's thresholds.

Everything comes from one random.Random(seed) and a fixed "today", so a seed and a date give the same
rows every time. No audit events are written: nothing here happened through the service.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from tqdm import tqdm

from accounts.models import User
from accounts.permissions import Role
from claims.models import Claim, ClaimLine, LineKind, LineStatus, MentoringPlan, PaymentBatch
from mentoring.codes import AgeBand, ChangeConsidered, Ethnicity, Gender, MenteeRole, Mode, Reason
from mentoring.models import (
    CareerConversation,
    CareerNeed,
    ConversationPart,
    EligibilityCheck,
    FocusArea,
    Mentee,
    Mentor,
    MentoringSession,
    Mentorship,
)
from mentoring.models.training import TrainingRecord, TrainingSession
from schemes.models import FinancialYear, Organisation, Scheme, SchemeMembership, SchemeYear
from surveys.models import Answer, Item, Questionnaire, Response, SurveyDispatch

BATCH = 5000
RATE = Decimal("289.00")
UNUSABLE_PASSWORD = "!synthetic"  # noqa: S105 - an unusable password: nobody signs in as a generated person


@dataclass(frozen=True)
class Size:
    icbs: int
    mentors: int  # mentors of the mentoring schemes
    facilitators: int  # facilitators of the career-conversations schemes
    mentees: int
    sessions: int  # mentoring sessions, roughly
    conversations: int
    years: int


SIZES = {
    "national": Size(icbs=42, mentors=4000, facilitators=1000, mentees=50_000, sessions=500_000,
                     conversations=20_000, years=5),
    "region": Size(icbs=7, mentors=670, facilitators=170, mentees=8_400, sessions=84_000,
                   conversations=3_400, years=5),
    # A few of everything: tests compare a page's queries here and at hub size.
    "tiny": Size(icbs=1, mentors=10, facilitators=8, mentees=24, sessions=120, conversations=12, years=1),
    "hub": Size(icbs=1, mentors=25, facilitators=6, mentees=111, sessions=900, conversations=40, years=1),
}  # fmt: skip

FIRST_NAMES = ["Aisha", "Ben", "Chloe", "David", "Emma", "Farah", "George", "Hannah", "Imran", "Jess", "Kwame",
               "Laura", "Mohammed", "Nina", "Oliver", "Priya", "Rachel", "Sam", "Tom", "Uma", "Victoria", "Wei",
               "Yusuf", "Zoe"]  # fmt: skip
LAST_NAMES = ["Adams", "Begum", "Clarke", "Davies", "Evans", "Patel", "Green", "Hughes", "Iqbal", "Jones", "Khan",
              "Lewis", "Morgan", "Nwosu", "Okafor", "Price", "Roberts", "Shah", "Taylor", "Walsh", "Wright", "Young",
              "Zhang", "Murphy"]  # fmt: skip
REGIONS = ["North East and Yorkshire", "North West", "Midlands", "East of England", "London", "South East",
           "South West"]  # fmt: skip
PCNS_PER_ICB, PRACTICES_PER_PCN = 30, 5
MET = ("active", "completed", "withdrawn")  # mentorships whose first meeting was held


def _monday(day):
    return day - datetime.timedelta(days=day.weekday())


def _month(day):
    return day.replace(day=1)


def _next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


class Builder:
    def __init__(self, *, size, seed, today, out=None):
        self.size, self.rng, self.today = size, random.Random(seed), today  # noqa: S311 - not secrets
        self.start = today - datetime.timedelta(days=365 * size.years)
        self.out = out
        self.counts = {}
        self._user_number = 0

    # Writing
    def insert(self, model, rows, *, label=None, total=None):
        """bulk_create in batches, with a progress bar; returns the saved rows when given a list."""
        label = label or model._meta.verbose_name_plural
        keep = isinstance(rows, list)
        saved, batch, written = [], [], 0
        total = len(rows) if keep else total
        with tqdm(total=total, desc=f"{label:<24}", unit=" rows", file=self.out, disable=self.out is None) as bar:

            def flush():
                nonlocal batch, written
                if batch:
                    created = model.objects.bulk_create(batch, batch_size=BATCH)
                    if keep:
                        saved.extend(created)
                    bar.update(len(batch))
                    written += len(batch)
                    batch = []

            for row in rows:
                batch.append(row)
                if len(batch) >= BATCH:
                    flush()
            flush()
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + written
        return saved

    def when(self, day, hour=10):
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)

    def day_between(self, first, last):
        if last <= first:
            return first
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))

    def user(self, domain, *, mfa=False):
        self._user_number += 1
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        return User(
            email=f"{first.lower()}.{last.lower()}.{self._user_number:06d}@{domain}",
            first_name=first,
            last_name=last,
            password=UNUSABLE_PASSWORD,
            mfa_required=mfa,  # as accounts.signals sets it when a role needing two-step sign-in is granted
            date_joined=self.when(self.start),
        )

    # The build
    def build(self):
        self.organisations()
        self.schemes()
        self.staff()
        self.mentors()
        self.mentees_and_mentorships()
        self.sessions()
        self.questionnaires()
        self.conversations()
        self.claims()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return self.counts

    def organisations(self):
        regions = self.insert(
            Organisation,
            [
                Organisation(kind="region", code=f"Y{56 + n}", name=f"NHS England {name}")
                for n, name in enumerate(REGIONS)
            ],
        )
        icbs = self.insert(
            Organisation,
            [
                Organisation(kind="icb", code=f"Q{chr(65 + n // 10)}{n % 10}", name=f"ICB {n + 1:02d}",
                             parent=regions[n % len(regions)])
                for n in range(self.size.icbs)
            ],
        )  # fmt: skip
        sub_icbs = self.insert(
            Organisation,
            [Organisation(kind="sub_icb", code=f"{n:02d}S", name=f"{icb.name} sub-ICB location", parent=icb)
             for n, icb in enumerate(icbs)],
        )  # fmt: skip
        hubs = self.insert(
            Organisation,
            [Organisation(kind="training_hub", code=f"TH{n:03d}", name=f"{icb.name} training hub", parent=icb)
             for n, icb in enumerate(icbs)],
        )  # fmt: skip
        pcns = self.insert(
            Organisation,
            [
                Organisation(kind="pcn", code=f"U{n * PCNS_PER_ICB + p:05d}", name=f"PCN {n * PCNS_PER_ICB + p}",
                             parent=sub_icb)
                for n, sub_icb in enumerate(sub_icbs)
                for p in range(PCNS_PER_ICB)
            ],
        )  # fmt: skip
        practices = self.insert(
            Organisation,
            [
                Organisation(kind="practice", code=f"{chr(65 + (n // 100000))}{n % 100000:05d}",
                             name=f"Practice {n}", parent=pcn)
                for n, pcn in ((i * PRACTICES_PER_PCN + k, pcn) for i, pcn in enumerate(pcns)
                               for k in range(PRACTICES_PER_PCN))
            ],
        )  # fmt: skip
        self.icbs, self.hubs = icbs, hubs
        per_icb = PCNS_PER_ICB * PRACTICES_PER_PCN
        self.practices_of = {icb.pk: practices[n * per_icb : (n + 1) * per_icb] for n, icb in enumerate(icbs)}

    def schemes(self):
        rows = []
        for n, icb in enumerate(self.icbs):
            rows.append(
                Scheme(
                    name=f"{icb.name} GP mentoring",
                    slug=f"icb-{n + 1:02d}-mentoring",
                    icb=icb,
                    delivery_partner=self.hubs[n],
                    budget=Decimal("600000.00"),
                    created_at=self.when(self.start),
                )
            )
            rows.append(Scheme(name=f"{icb.name} career conversations", slug=f"icb-{n + 1:02d}-career-conversations",
                               icb=icb, delivery_partner=self.hubs[n], kind=Scheme.Kind.CAREER_CONVERSATIONS,
                               career_fund=Decimal("150000.00"), funding_opens_on=self.start,
                               created_at=self.when(self.start)))  # fmt: skip
        self.all_schemes = self.insert(Scheme, rows)
        self.mentoring_schemes = [s for s in self.all_schemes if s.kind == Scheme.Kind.MENTORING]
        self.conversation_schemes = [s for s in self.all_schemes if s.kind == Scheme.Kind.CAREER_CONVERSATIONS]
        first_year = self.start.year if self.start.month >= 4 else self.start.year - 1
        last_year = self.today.year if self.today.month >= 4 else self.today.year - 1
        existing = set(FinancialYear.objects.values_list("start_year", flat=True))
        self.insert(FinancialYear, [FinancialYear(start_year=y) for y in range(first_year, last_year + 1)
                                    if y not in existing])  # fmt: skip
        years = FinancialYear.objects.filter(start_year__gte=first_year, start_year__lte=last_year)
        self.insert(SchemeYear, [SchemeYear(scheme=s, financial_year=y, allocation=Decimal("120000.00"))
                                 for s in self.all_schemes for y in years])  # fmt: skip

    def staff(self):
        roles = [Role.STAFF, Role.CLAIMS_APPROVER, Role.COMMISSIONER]
        people = [self.user(f"{s.slug}.nhs.example", mfa=True) for s in self.all_schemes for _ in roles]
        users = self.insert(User, people, label="staff users")
        users = iter(users)
        self.insert(
            SchemeMembership,
            [SchemeMembership(user=next(users), scheme=s, role=role, granted_at=self.when(self.start))
             for s in self.all_schemes for role in roles],
        )  # fmt: skip
        self.staff_of = {}
        for membership in SchemeMembership.objects.filter(role=Role.STAFF, scheme__in=self.all_schemes):
            self.staff_of[membership.scheme_id] = membership.user_id

    def mentors(self):
        rng = self.rng
        plan = [(s, self.size.mentors // len(self.mentoring_schemes)) for s in self.mentoring_schemes]
        plan += [(s, self.size.facilitators // len(self.conversation_schemes)) for s in self.conversation_schemes]
        users = self.insert(User, [self.user("gp.nhs.example", mfa=True) for _, n in plan for _ in range(n)],
                            label="mentor users")  # fmt: skip
        users = iter(users)
        statuses = ([Mentor.Status.ACTIVE] * 60 + [Mentor.Status.LEFT] * 15 + [Mentor.Status.IN_TRAINING] * 8
                    + [Mentor.Status.PAUSED] * 5 + [Mentor.Status.APPLIED] * 5 + [Mentor.Status.REJECTED] * 4
                    + [Mentor.Status.DRAFT] * 3)  # fmt: skip
        rows, gmc = [], 1_000_000
        for scheme, number in plan:
            practices = self.practices_of[scheme.icb_id]
            for k in range(number):
                # Every state in every scheme: the first few take each status in turn.
                status = statuses[k * 7 % len(statuses)] if k >= 7 else list(Mentor.Status)[k]
                gmc += 1
                approved = status in (*Mentor.ON_SCHEME, Mentor.Status.LEFT)
                approved_on = self.day_between(self.start, self.today - datetime.timedelta(days=120))
                if status == Mentor.Status.IN_TRAINING:
                    approved_on = self.day_between(self.today - datetime.timedelta(days=200), self.today)
                left_on = min(self.today, self.day_between(approved_on + datetime.timedelta(days=200), self.today))
                modes = rng.sample(Mode.values, rng.randint(1, 3))
                rows.append(
                    Mentor(
                        user=next(users),
                        scheme=scheme,
                        status=status,
                        created_at=self.when(approved_on, 9),
                        gmc_number=f"{gmc:07d}",
                        practice=rng.choice(practices),
                        role=rng.choice(["gp_partner", "salaried_gp", "locum_gp", "retired_gp"]),
                        clinical_sessions_per_week=rng.randint(3, 8),
                        intends_extra_session=True,
                        declares_gmc_licence=True,
                        declares_performers_list=True,
                        declares_no_suspension=True,
                        has_mentoring_qualification=approved and rng.random() < 0.3,
                        gender=rng.choice(Gender.values),
                        age_band=rng.choice(AgeBand.values[1:]),
                        ethnicity=rng.choice(Ethnicity.values),
                        bio_about="GP with an interest in supporting colleagues.",
                        bio_published=approved and rng.random() < 0.8,
                        capacity=rng.randint(scheme.mentor_capacity_min, scheme.mentor_capacity_max),
                        offers_face_to_face="face_to_face" in modes,
                        offers_video="video" in modes,
                        offers_telephone="telephone" in modes,
                        submitted_at=None if status == Mentor.Status.DRAFT else self.when(approved_on, 8),
                        decided_at=self.when(approved_on, 12) if approved or status == "rejected" else None,
                        decided_by_id=self.staff_of[scheme.pk] if approved or status == "rejected" else None,
                        rejection_feedback="Not enough clinical sessions yet." if status == "rejected" else "",
                        approved_on=approved_on if approved else None,
                        left_on=left_on if status == Mentor.Status.LEFT else None,
                        leave_reason="Moved away" if status == Mentor.Status.LEFT else "",
                    )  # fmt: skip
                )
        self.all_mentors = self.insert(Mentor, rows)
        focus = list(FocusArea.objects.all())
        through = Mentor.focus_areas.through
        self.insert(through, [through(mentor=m, focusarea=f) for m in self.all_mentors
                              for f in rng.sample(focus, min(len(focus), rng.randint(1, 3)))],
                    label="mentor focus areas")  # fmt: skip
        approved = [m for m in self.all_mentors if m.approved_on]
        checks = []
        for m in approved:
            # Checked on approval and again every year: current for a mentor on the scheme.
            last = m.left_on or self.today
            verified = m.approved_on + datetime.timedelta(days=365 * ((last - m.approved_on).days // 365))
            checks += [
                EligibilityCheck(mentor=m, item=item, verified_by_id=self.staff_of[m.scheme_id],
                                 verified_at=self.when(verified, 11),
                                 recheck_due=verified + datetime.timedelta(days=365))
                for item in EligibilityCheck.Item.values
            ]  # fmt: skip
        self.insert(EligibilityCheck, checks)
        records = []
        for m in approved:
            career = m.scheme.kind == Scheme.Kind.CAREER_CONVERSATIONS
            done = m.status != Mentor.Status.IN_TRAINING
            records.append(TrainingRecord(
                mentor=m, course="career_conversation" if career else "ilm5", provider="Synthetic training provider",
                started_on=m.approved_on, expected_completion_on=m.approved_on + datetime.timedelta(days=365),
                completed_on=min(m.approved_on + datetime.timedelta(days=90), self.today) if done else None,
            ))  # fmt: skip
        self.training_records = self.insert(TrainingRecord, records)
        sessions = []
        for record in self.training_records:
            if record.course == "ilm5":
                for k in range(4):
                    day = record.started_on + datetime.timedelta(days=7 * k)
                    if day <= self.today:
                        sessions.append(TrainingSession(mentor=record.mentor, training_record=record, attended_on=day))
        self.training_sessions = self.insert(TrainingSession, sessions)
        self.insert(MentoringPlan, [MentoringPlan(mentor=m, recorded_by_id=self.staff_of[m.scheme_id],
                                                  recorded_on=m.approved_on, note="Mentees waiting in the scheme")
                                    for m in approved])  # fmt: skip

    def mentees_and_mentorships(self):
        rng, today = self.rng, self.today
        per_scheme = self.size.mentees // len(self.mentoring_schemes)
        number = per_scheme * len(self.mentoring_schemes)
        users = self.insert(User, [self.user("practice.nhs.example") for _ in range(number)], label="mentee users")
        users = iter(users)
        mentors_of = {}
        for m in self.all_mentors:
            if m.approved_on and m.scheme.kind == Scheme.Kind.MENTORING:
                mentors_of.setdefault(m.scheme_id, []).append(m)
        mentees, plans = [], []
        for scheme in self.mentoring_schemes:
            practices = self.practices_of[scheme.icb_id]
            for k in range(per_scheme):
                registered = self.day_between(self.start, today)
                age = (today - registered).days
                # Recent registrations are still waiting or matched; older ones mostly finished.
                if k < 7:
                    outcome = ["waiting", "requested", "proposed", "accepted", "active", "completed", "withdrawn"][k]
                elif age < 60:
                    outcome = rng.choice(["waiting", "waiting", "proposed", "accepted", "requested"])
                elif age < 200:
                    outcome = rng.choice(["active", "active", "active", "completed", "withdrawn", "waiting"])
                else:
                    outcome = rng.choices(["completed", "withdrawn", "active"], weights=[85, 10, 5])[0]
                role = rng.choice(MenteeRole.values)
                reasons = rng.sample(Reason.values[:-1], rng.randint(1, 3))
                status = {"waiting": "waiting", "completed": "finished", "withdrawn": "withdrawn"}.get(
                    outcome, "matched"
                )
                mentees.append(Mentee(
                    user=next(users), scheme=scheme, status=status, registered_at=self.when(registered, 9),
                    role=role, career_stage=rng.choice(["trainee", "newly_qualified", "early_mid_career",
                                                        "pre_retirement", "returner"]),
                    is_gp_fellow=role == "gp_fellow", practice=rng.choice(practices),
                    age_band=rng.choice(AgeBand.values), gender=rng.choice(Gender.values),
                    ethnicity=rng.choice(Ethnicity.values), reasons=reasons,
                    changes_considered=rng.sample(ChangeConsidered.values[:-1], rng.randint(0, 2)) or ["none"],
                    intends_to_leave=rng.random() < 0.25, prefers_video=True,
                    prefers_face_to_face=rng.random() < 0.5,
                ))  # fmt: skip
                plans.append(outcome)
        # Each scheme's mentors fill places: an open mentorship takes a place until it ends.
        places = {m.pk: m.capacity for ms in mentors_of.values() for m in ms}
        mentorships = []
        for mentee, outcome in zip(mentees, plans, strict=True):
            if outcome == "waiting":
                continue
            scheme_mentors = mentors_of[mentee.scheme.pk]
            registered = mentee.registered_at.date()
            open_ = outcome in ("requested", "proposed", "accepted", "active")
            candidates = [m for m in scheme_mentors if m.approved_on <= registered
                          and (m.left_on is None or m.left_on > registered + datetime.timedelta(days=150))]  # fmt: skip
            if open_:
                candidates = [m for m in candidates if m.status in Mentor.REACHES_MENTEES and places[m.pk] > 0]
            if not candidates:
                mentee.status = Mentee.Status.WAITING  # no mentor with a place: still waiting
                continue
            mentor = rng.choice(candidates)
            if open_:
                places[mentor.pk] -= 1
            proposed = registered + datetime.timedelta(days=rng.randint(3, 30))
            if proposed > today:
                proposed = today
            mentorships.append(Mentorship(
                scheme=mentee.scheme, mentee=mentee, mentor=mentor, status=outcome,
                proposed_at=self.when(proposed, 11), proposed_by_id=self.staff_of[mentee.scheme.pk],
                chosen_by_mentee=outcome == "requested",
                responded_at=self.when(proposed, 15) if outcome in ("accepted", *MET) else None,
                allowance_hours=8,
                end_reason="The mentee's circumstances changed" if outcome == "withdrawn" else "",
            ))  # fmt: skip
        self.all_mentees = self.insert(Mentee, mentees)
        self.mentorships = mentorships  # written once their sessions are planned (started_on and ended_on)

    def sessions(self):
        """Sessions for every mentorship that met; started_on, ended_on and follow-up dates from them."""
        rng, today = self.rng, self.today
        met = [m for m in self.mentorships if m.status in MET]
        mean = max(2, round(self.size.sessions / max(1, len(met)) * 1.15))  # some are cut short by today
        self.held_weeks = {}  # (mentor id, Monday) -> first held date that week
        topics = self.all_schemes[0].session_topics
        planned = []
        for m in met:
            count = max(2, min(2 * mean - 2, int(rng.gauss(mean, 3))))
            if m.status == "withdrawn":
                count = max(1, count // 3)
            minutes = max(15, min(90, (m.allowance_hours * 60 // count) // 5 * 5))
            day = m.proposed_at.date() + datetime.timedelta(days=rng.randint(3, 14))
            until = min(today, m.mentor.left_on or today)
            dates = []
            for _ in range(count):
                if day > until:
                    break
                dates.append(day)
                day += datetime.timedelta(days=rng.choice([7, 7, 14, 14, 21, 28]))
            dates = dates or [min(until, m.proposed_at.date())]
            first_held = last_held = None
            for n, held_on in enumerate(dates):
                first, last = n == 0, n == len(dates) - 1
                attendance = "held"
                if not first and not last and rng.random() < 0.04:
                    attendance = rng.choice(["did_not_attend", "cancelled"])
                kind = "final" if last and m.status == "completed" else ("introductory" if first else "regular")
                if attendance == "held":
                    first_held = first_held or held_on
                    last_held = held_on
                    key = (m.mentor.pk, _monday(held_on))
                    if key not in self.held_weeks or self.held_weeks[key] > held_on:
                        self.held_weeks[key] = held_on
                planned.append((m, held_on, minutes, rng.choice(Mode.values), kind, attendance, rng.sample(topics, 2)))
            m.started_on = first_held
            if m.status in ("completed", "withdrawn"):
                m.ended_on = last_held
                if m.status == "completed":
                    m.follow_up_due_on = _add_months(last_held, m.scheme.follow_up_months)
        self.mentorships = self.insert(Mentorship, self.mentorships)
        self.insert(
            MentoringSession,
            (
                MentoringSession(
                    mentorship=m, held_on=held_on, duration_minutes=minutes, mode=mode, kind=kind,
                    attendance=attendance, topics=chosen, actions_agreed="Try one change before the next meeting.",
                    reasons_addressed=m.mentee.reasons[:1] if kind == "final" else [],
                    logged_by_id=m.mentor.user_id, logged_at=self.when(held_on, 17),
                )
                for m, held_on, minutes, mode, kind, attendance, chosen in planned
            ),
            total=len(planned), label="mentoring sessions",
        )  # fmt: skip

    def questionnaires(self):
        rng, today = self.rng, self.today
        current = {q.code: q for q in Questionnaire.objects.filter(is_current=True)}
        items = {}
        for item in Item.objects.filter(questionnaire__is_current=True).select_related("questionnaire"):
            items.setdefault(item.questionnaire.code, []).append(item)
        ended = {m.mentee_id: m for m in self.mentorships if m.status == "completed"}
        responses, pending = [], []
        for mentee in self.all_mentees:
            if mentee.status == "waiting" and rng.random() < 0.3:
                continue  # not answered yet
            at = mentee.registered_at + datetime.timedelta(days=1)
            whose = {"mentee": mentee, "scheme_id": mentee.scheme_id}
            pss = [(item, rng.randint(0, 4)) for item in items["pss10"]]
            score = sum(4 - value if item.reversed else value for item, value in pss)
            band = "low" if score <= 13 else ("moderate" if score <= 26 else "high")
            responses.append(Response(questionnaire=current["pss10"], code="pss10", **whose, started_at=at,
                                      completed_at=at, score=score, band=band))  # fmt: skip
            pending.append(pss)
            wlb = rng.randint(1, 10)
            responses.append(Response(questionnaire=current["wlb"], code="wlb", **whose, started_at=at,
                                      completed_at=at, score=wlb))  # fmt: skip
            pending.append([(items["wlb"][0], wlb)])
            mentorship = ended.get(mentee.pk)
            if mentorship and mentorship.ended_on:
                at = self.when(mentorship.ended_on, 18)
                review = {i.code: i for i in items["final_review"]}
                responses.append(Response(questionnaire=current["final_review"], code="final_review", **whose,
                                          mentorship=mentorship, started_at=at, completed_at=at))  # fmt: skip
                pending.append([(review["reasons_addressed"], mentee.reasons[:1]),
                                (review["wlb"], min(10, wlb + rng.randint(0, 3)))])  # fmt: skip
                if mentorship.follow_up_due_on and mentorship.follow_up_due_on < today and rng.random() < 0.6:
                    at = self.when(mentorship.follow_up_due_on, 19)
                    follow = {i.code: i for i in items["follow_up"]}
                    responses.append(Response(questionnaire=current["follow_up"], code="follow_up", **whose,
                                              mentorship=mentorship, started_at=at, completed_at=at))  # fmt: skip
                    pending.append([(follow["impact"], rng.choice(follow["impact"].choices)[0]),
                                    (follow["wlb_now"], min(10, wlb + rng.randint(0, 3))),
                                    (follow["intends_to_leave_now"], rng.random() < 0.1),
                                    (follow["would_recommend"], rng.random() < 0.9)])  # fmt: skip
                    mentorship.answered_follow_up_at = at
        saved = self.insert(Response, responses, label="questionnaire responses")
        self.insert(
            Answer,
            (Answer(response=r, item=item, value=value) for r, answers in zip(saved, pending, strict=True)
             for item, value in answers),
            total=sum(len(a) for a in pending), label="answers",
        )  # fmt: skip
        dispatches = []
        for m in self.mentorships:
            if m.status != "completed" or not m.ended_on:
                continue
            sent = self.when(m.ended_on, 20)
            dispatches.append(SurveyDispatch(scheme_id=m.scheme_id, kind="final_review", mentee=m.mentee, mentorship=m,
                                             due_at=sent, created_at=sent, queued_at=sent, sent_at=sent, attempts=1,
                                             answered_at=sent))  # fmt: skip
            if m.follow_up_due_on and m.follow_up_due_on <= today:
                due = self.when(m.follow_up_due_on, 7)
                answered = getattr(m, "answered_follow_up_at", None)
                dispatches.append(SurveyDispatch(scheme_id=m.scheme_id, kind="follow_up", mentee=m.mentee,
                                                 mentorship=m, due_at=due, created_at=due, queued_at=due, sent_at=due,
                                                 attempts=1, answered_at=answered))  # fmt: skip
        self.insert(SurveyDispatch, dispatches, label="survey emails")

    def conversations(self):
        rng, today = self.rng, self.today
        per_scheme = self.size.conversations // len(self.conversation_schemes)
        number = per_scheme * len(self.conversation_schemes)
        gps = iter(self.insert(User, [self.user("career.nhs.example") for _ in range(number)], label="career GP users"))
        facilitators = {}
        for m in self.all_mentors:
            if m.scheme.kind == Scheme.Kind.CAREER_CONVERSATIONS and m.status in ("active", "paused", "left"):
                facilitators.setdefault(m.scheme_id, []).append(m)
        rows = []
        for scheme in self.conversation_schemes:
            for _ in range(per_scheme):
                facilitator = rng.choice(facilitators[scheme.pk])
                last = facilitator.left_on or today
                requested = self.day_between(facilitator.approved_on + datetime.timedelta(days=90), last)
                status = rng.choices(["complete", "accepted", "requested", "withdrawn"], weights=[80, 8, 6, 6])[0]
                completed = requested + datetime.timedelta(days=rng.randint(14, 45))
                if status == "complete" and completed > today:
                    status = "accepted"
                needs = rng.sample(CareerNeed.values, rng.randint(1, 2)) if status == "complete" else []
                rows.append(CareerConversation(
                    scheme=scheme, gp=next(gps), facilitator=facilitator, status=status,
                    requested_at=self.when(requested, 9), completed_on=completed if status == "complete" else None,
                    end_reason="The GP withdrew" if status == "withdrawn" else "",
                    career_need_identified=bool(needs) if status == "complete" else None, career_needs=needs,
                    will_apply_for_funding=(rng.random() < 0.2) if status == "complete" else None,
                ))  # fmt: skip
        self.all_conversations = self.insert(CareerConversation, rows, label="career conversations")
        parts = []
        for c in self.all_conversations:
            if c.status == "complete":
                first = c.completed_on - datetime.timedelta(days=7)
                parts.append(ConversationPart(conversation=c, part=1, held_on=first, duration_minutes=125,
                                              logged_by_id=c.facilitator.user_id))  # fmt: skip
                parts.append(ConversationPart(conversation=c, part=2, held_on=c.completed_on, duration_minutes=125,
                                              logged_by_id=c.facilitator.user_id))  # fmt: skip
        self.insert(ConversationPart, parts, label="conversation parts")

    def claims(self):
        """Monthly claims from the evidence; old months paid in monthly batches, recent ones in every state."""
        rng, today = self.rng, self.today
        mentors = {m.pk: m for m in self.all_mentors}
        evidence = {}  # (mentor id, month) -> [(kind, date, extra fields)]
        for (mentor_id, monday), held_on in self.held_weeks.items():
            evidence.setdefault((mentor_id, _month(held_on)), []).append(
                (LineKind.MENTORING_SESSION, held_on, {"week_start": monday, "week_slot": 1})
            )
        for session in self.training_sessions:
            evidence.setdefault((session.mentor_id, _month(session.attended_on)), []).append(
                (LineKind.TRAINING_SESSION, session.attended_on, {"training_session": session})
            )
        for record in self.training_records:
            if record.course == "career_conversation" and record.completed_on:
                evidence.setdefault((record.mentor_id, _month(record.completed_on)), []).append(
                    (LineKind.FACILITATOR_COURSE, record.completed_on, {"training_record": record})
                )
        for c in self.all_conversations:
            if c.status == "complete":
                evidence.setdefault((c.facilitator_id, _month(c.completed_on)), []).append(
                    (LineKind.CAREER_CONVERSATION, c.completed_on, {"conversation": c})
                )
        this_month = _month(today)
        last_month = _month(today - datetime.timedelta(days=today.day))
        claims, plans = [], []
        for (mentor_id, month), lines in sorted(evidence.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            mentor = mentors[mentor_id]
            if month == this_month:
                status = rng.choice(["draft", "draft", "submitted"])
            elif month == last_month:
                status = rng.choices(["submitted", "returned", "approved", "part_approved", "rejected", "draft"],
                                     weights=[40, 8, 35, 7, 5, 5])[0]  # fmt: skip
            else:
                status = rng.choices(["paid", "part_approved", "rejected"], weights=[94, 4, 2])[0]
            if status == "part_approved" and len(lines) == 1:
                status = "rejected"  # a single line cannot be partly approved
            month_end = _next_month(month) - datetime.timedelta(days=1)
            submitted = None if status == "draft" else self.when(min(today, month_end + datetime.timedelta(days=2)), 9)
            decided = (self.when(min(today, month_end + datetime.timedelta(days=9)), 14)
                       if status in ("paid", "approved", "part_approved", "rejected") else None)  # fmt: skip
            claims.append(Claim(
                scheme_id=mentor.scheme_id, kind=Claim.Kind.MONTH, claimant_id=mentor.user_id, mentor=mentor,
                month=month, status=status, created_at=self.when(month, 8), submitted_at=submitted,
                declared_at=submitted, decided_at=decided,
                return_reason="Please check the dates" if status == "returned" else "",
            ))  # fmt: skip
            plans.append(lines)
        claims = self.insert(Claim, claims, label="claims")
        approver_of = dict(
            SchemeMembership.objects.filter(role=Role.CLAIMS_APPROVER, scheme__in=self.all_schemes).values_list(
                "scheme_id", "user_id"
            )
        )
        # Each line's status first, so every payment batch is written with the total of its paid lines.
        statuses_of = [
            self._line_statuses(claim.status, len(lines), paid=claim.month < last_month)
            for claim, lines in zip(claims, plans, strict=True)
        ]
        totals = {}
        for claim, statuses in zip(claims, statuses_of, strict=True):
            paid = sum(RATE for status in statuses if status == LineStatus.PAID)
            if paid:
                key = (claim.scheme_id, _next_month(claim.month))
                totals[key] = totals.get(key, Decimal("0.00")) + paid
        batch_rows = [
            PaymentBatch(scheme_id=scheme_id, month=month, status="paid", total=totals[scheme_id, month],
                         created_at=self.when(month, 9), created_by_id=approver_of[scheme_id],
                         exported_at=self.when(month + datetime.timedelta(days=2), 9),
                         exported_by_id=approver_of[scheme_id], paid_on=month + datetime.timedelta(days=14))
            for scheme_id, month in sorted(totals)
        ]  # fmt: skip
        saved_batches = {(b.scheme_id, b.month): b for b in self.insert(PaymentBatch, batch_rows)}

        def line_rows():
            for claim, lines, statuses in zip(claims, plans, statuses_of, strict=True):
                for (kind, day, extra), status in zip(sorted(lines, key=lambda line: line[1]), statuses, strict=True):
                    batch, paid_on = None, None
                    if status == LineStatus.PAID:
                        batch = saved_batches[(claim.scheme_id, _next_month(claim.month))]
                        paid_on = batch.paid_on
                    decided = status in (LineStatus.PAID, LineStatus.APPROVED, LineStatus.REJECTED)
                    yield ClaimLine(
                        claim=claim, scheme_id=claim.scheme_id, mentor_id=claim.mentor_id, kind=kind, status=status,
                        date=day, rate=RATE, amount=RATE, batch=batch, paid_on=paid_on,
                        decided_by_id=approver_of[claim.scheme_id] if decided else None,
                        decided_at=claim.decided_at if decided else None,
                        decision_reason="Not a mentoring week" if status == LineStatus.REJECTED else "",
                        **extra,
                    )  # fmt: skip

        self.insert(ClaimLine, line_rows(), total=sum(len(lines) for lines in plans), label="claim lines")

    def _line_statuses(self, claim_status, count, *, paid):
        """Line statuses whose claim status (claims.services.claim_status_from_lines) is claim_status."""
        one = {"draft": LineStatus.DRAFT, "returned": LineStatus.DRAFT, "submitted": LineStatus.SUBMITTED,
               "approved": LineStatus.APPROVED, "rejected": LineStatus.REJECTED, "paid": LineStatus.PAID}  # fmt: skip
        if claim_status != "part_approved":
            return [one[claim_status]] * count
        return [LineStatus.REJECTED] + [LineStatus.PAID if paid else LineStatus.APPROVED] * (count - 1)


def _add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def database_holds_data():
    """True when the database holds anything beyond its reference rows (made by migrations)."""
    return User.objects.exists() or Organisation.objects.exists() or Scheme.objects.exists()


def empty_database():
    """Remove people, organisations and schemes and everything that hangs off them (PostgreSQL only),
    keeping the reference rows the migrations made (questionnaires, focus areas, financial years)."""
    tables = [User._meta.db_table, Organisation._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # inside a transaction with deferred checks pending
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")  # noqa: S608 - our own table names
