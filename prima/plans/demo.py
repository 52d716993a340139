"""Demo data for plans and reviews (Skenario 1 in the demo's licensing office), built through the services.

Deterministic for a seed; does nothing when the demo organisation is missing or its plan already exists.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from prima.accounts.models import ServiceUnit, User
from prima.plans import reviews, services
from prima.plans.models import Plan, ReviewFrequency
from prima.plans.services import ActionInput, ItemInput

UNIT_CODE = "perizinan-usaha"
PLAN_TITLE = "Rencana kerja peningkatan layanan Perizinan Usaha"
IDEAS = (
    ("dimas@sleman.prima.test", "Pengingat WhatsApp", "Kirim pengingat kelengkapan berkas lewat WhatsApp H-1."),
    ("ayu@sleman.prima.test", "Layanan antar dokumen", "Izin yang sudah terbit diantar ke pemohon UMKM."),
    ("fajar@sleman.prima.test", "Jam layanan Sabtu", "Buka loket Sabtu pagi sebulan dua kali."),
    ("aini@sleman.prima.test", "Papan alur layanan", "Pasang papan alur dan syarat di ruang tunggu."),
)


def load_demo(seed: int) -> None:
    unit = ServiceUnit.objects.filter(code=UNIT_CODE, organisation__name="DPMPTSP Kabupaten Sleman").first()
    if unit is None or Plan.objects.filter(unit=unit, title=PLAN_TITLE).exists():
        return
    people = {user.email: user for user in User.objects.filter(email__endswith="@sleman.prima.test")}
    leader, supervisor = people.get("suryo@sleman.prima.test"), people.get("sri@sleman.prima.test")
    if leader is None or supervisor is None:
        return
    rng = random.Random(seed)
    today = timezone.localdate()
    reviews.set_review_schedule(unit, frequency=ReviewFrequency.MONTHLY, actor=leader)
    plan = services.create_plan(
        unit,
        title=PLAN_TITLE,
        period_start=today.replace(day=1),
        period_end=today.replace(day=1) + timedelta(days=180),
        summary="Menindaklanjuti turunnya jumlah pelanggan yang dibahas pada rapat evaluasi.",
        actor=supervisor,
    )
    call = services.raise_call(
        unit,
        question="Bagaimana agar pelanggan tidak berpindah ke layanan lain?",
        background="Rapat evaluasi mencatat jumlah pemohon yang kembali menurun.",
        plan=plan,
        actor=leader,
    )
    ideas = []
    for email, title, body in IDEAS:
        author = people.get(email)
        if author is not None:
            ideas.append(services.propose_idea(call=call, title=title, body=body, actor=author))
    voters = [people[email] for email, _title, _body in IDEAS if email in people]
    for idea in ideas:
        for voter in rng.sample(voters, k=rng.randint(1, len(voters))):
            if voter != idea.author:
                services.set_vote(idea, actor=voter, vote=True)
    for idea in ideas[:2]:
        due = today + timedelta(days=rng.randint(20, 45))
        services.accept_idea(
            idea,
            ItemInput(title=idea.title, description=idea.body, owner=idea.author, due_date=due),
            action=ActionInput(title=idea.title, owner=idea.author, due_date=due),
            actor=supervisor,
        )
    services.publish_plan(plan, actor=supervisor)
    for acknowledgement in plan.acknowledgements.select_related("user").order_by("user__full_name")[:3]:
        services.acknowledge_plan(plan, actor=acknowledgement.user)
