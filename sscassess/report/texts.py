"""Every text of the PDF reports, by key, in English; the catalogues translate them.

A coordinator's report template may replace any of them by key (``texts:`` in the template
file, see ``reports/README.md``). Texts are plain text (no markup); ``{name}`` placeholders
are filled in by the report, numbers written the reader's way. A :class:`Plural` text has a
form per number: its ``count`` placeholder picks it.
"""

from __future__ import annotations

from sscassess.core.i18n import N_, Plural

TEXTS: dict[str, str | Plural] = {
    "city_title": N_("Stakeholder gap analysis"),
    "city_subject": N_(
        "City report: roles, gaps and overlaps of the smart sustainable city stakeholders against the ITU-T FG-SSC reference"
    ),
    "organisation_title": N_("Organisation feedback report"),
    "organisation_subject": N_(
        "Organisation report: its roles against the ITU-T FG-SSC reference and what the city needs from it"
    ),
    "page_x_of_y": N_("Page {page} of {pages}"),
    "contents": N_("Contents"),
    "na": N_("n/a"),
    "yes": N_("yes"),
    "no": N_("no"),
    "group_other": N_("Other (small groups merged)"),
    "group_declined": N_("Organisations not named (at their request)"),
    "all_categories": N_("all categories"),
    "unverified_mark": N_("unverified"),
    "no_responses": N_("No response has been counted yet."),
    "cover_item": N_("Item"),
    "cover_value": N_("Value"),
    "cover_campaign": N_("Campaign id"),
    "cover_city": N_("City"),
    "cover_round": N_("Round"),
    "cover_generated": N_("Generated"),
    "cover_reference": N_("Reference pack"),
    "cover_reference_sha": N_("Reference pack sha256"),
    "cover_questionnaire": N_("Questionnaire"),
    "cover_questionnaire_sha": N_("Questionnaire sha256"),
    "cover_data_sha": N_("Data sha256"),
    "cover_responses": N_("Responses counted"),
    "cover_privacy": N_("Privacy mode"),
    "cover_previous": N_("Previous round"),
    "cover_note": N_(
        'Self-assessments by the stakeholder organisations, compared with the reference roles of the ITU-T FG-SSC report "Setting the stage for stakeholders\' engagement in smart sustainable cities" (Y.Suppl.34). The colophon, at the end, lists the ids and hashes that let anyone check which data, questionnaire and reference produced this document.'
    ),
    "colophon": N_("Colophon"),
    "colophon_intro": N_(
        "What this document was computed from: the campaign, the reference pack, the questionnaire and the data, each with its id, version and sha256."
    ),
    "privacy_named": N_("named"),
    "privacy_pseudonymous": N_("pseudonymous"),
    "privacy_anonymous": N_("anonymous"),
    "executive_summary": N_("Executive summary"),
    "summary_intro": N_(
        "{responses} of {invited} invited organisations in {city} answered ({rate}). {covered} of the reference roles have at least one organisation contributing, and the organisations' mean role fit is {fit}."
    ),
    "headline_figures": N_("Headline figures"),
    "col_figure": N_("Figure"),
    "col_value": N_("Value"),
    "top_gaps": N_("The three most important gaps"),
    "top_overlaps": N_("The three most important overlaps"),
    "top_gaps_none": N_("No role is uncovered, without a lead or missing its expected owner."),
    "top_overlaps_none": N_("No role is claimed by two or more leaders."),
    "gap_uncovered": N_(
        "Nobody contributes to {role}. The reference expects {owners} to play this role."
    ),
    "gap_unheard": N_(
        "{role}: not heard. Its expected owners ({owners}) did not answer, so the survey cannot say whether anyone plays it: hear them first."
    ),
    "gap_no_lead": Plural(
        "{role} has {n} contributing organisation but nobody leads it: agree who is accountable.",
        "{role} has {n} contributing organisations but nobody leads it: agree who is accountable.",
    ),
    "gap_owner_missing": N_(
        "{role} is played only by organisations the reference does not expect ({categories}); the expected owners ({owners}) do not take it up."
    ),
    "overlap_named": N_(
        "{n} organisations each say they lead {role}: {organisations}. Overlapping functions: agree who leads."
    ),
    "overlap_anonymous": N_(
        "{n} organisations each say they lead {role} (categories: {categories}). Overlapping functions: agree who leads."
    ),
    "metric_organisations_invited": N_("Organisations invited"),
    "metric_responses_counted": N_("Responses counted"),
    "metric_responses_from_invited": N_("Responses from invited organisations"),
    "metric_response_rate": N_("Response rate"),
    "metric_unverified_responses": N_("Unverified responses"),
    "metric_unverified_excluded": N_("Unverified responses excluded"),
    "metric_declined_naming": N_("Organisations that declined to be named"),
    "metric_categories_with_voice": N_("Categories with a voice"),
    "metric_categories_without_voice": N_("Categories with no voice"),
    "metric_roles": N_("Reference roles"),
    "metric_roles_with_contributors": N_("Roles with at least one contributor"),
    "metric_roles_covered_share": N_("Share of roles with a contributor"),
    "metric_roles_covered": N_("Roles covered (one clear lead)"),
    "metric_roles_no_lead": N_("Roles with no lead"),
    "metric_roles_contested": N_("Roles contested (two or more leaders)"),
    "metric_roles_uncovered": N_("Roles uncovered"),
    "metric_roles_owner_missing": N_("Roles without their expected owner"),
    "metric_mean_role_fit": N_("Mean role fit"),
    "metric_organisation_gaps": N_("Organisation × role gaps"),
    "metric_recommendations_triggered": N_("Recommendations triggered"),
    "participation": N_("Participation"),
    "participation_intro": N_(
        "Who was invited and who answered, per reference category. A category with no voice is a blind spot of every finding below."
    ),
    "col_category": N_("Category"),
    "col_invited": N_("Invited"),
    "col_submitted": N_("Submitted"),
    "col_verified": N_("Verified"),
    "col_unverified": N_("Unverified"),
    "col_drafts": N_("Drafts"),
    "col_response_rate": N_("Rate"),
    "col_voice": N_("Voice"),
    "no_voice": N_("Categories with no voice: {categories}."),
    "no_voice_none": N_("Every reference category has a voice."),
    "heatmap": N_("Organisations and roles"),
    "heatmap_intro": N_(
        "Each organisation's self-rated involvement in each reference role (0 not involved … 4 leading), with the reference expectation for its category marked."
    ),
    "heatmap_numbers": N_("The numbers"),
    "heatmap_legend": N_(
        "Each cell: the self-rating 0–4, then P when the reference expects the category to play the role as primary (expected 3) or S as supporting (expected 2). Bold with ! marks a gap (two or more points short of the expectation)."
    ),
    "heatmap_anonymous": N_(
        "In anonymous mode no organisation is shown alone: the table gives each category's mean self-rating per role, with the reference expectation marked (P primary, S supporting)."
    ),
    "role_key": N_("Role codes"),
    "col_code": N_("Code"),
    "col_role": N_("Role"),
    "col_organisation": N_("Organisation"),
    "coverage": N_("Role coverage"),
    "coverage_intro": N_(
        "For each reference role: how many organisations contribute (rating 3 or 4) and lead (rating 4), and whether any contributor belongs to a category the reference expects to play it."
    ),
    "col_status": N_("Status"),
    "col_contributors": N_("Contrib."),
    "col_leaders": N_("Leaders"),
    "col_primary_owners": N_("Expected owners (primary)"),
    "col_owner_missing": N_("Owner missing"),
    "coverage_uncovered": N_("uncovered"),
    "coverage_no_lead": N_("no lead"),
    "coverage_contested": N_("contested"),
    "coverage_covered": N_("covered"),
    "coverage_heading_uncovered": N_("Uncovered roles"),
    "coverage_heading_no_lead": N_("Roles with no lead"),
    "coverage_heading_contested": N_("Contested roles (overlapping functions)"),
    "coverage_uncovered_none": N_("Every role has at least one contributor."),
    "coverage_no_lead_none": N_("Every role with contributors has a leader."),
    "coverage_contested_none": N_("No role has two or more leaders."),
    "coverage_uncovered_item": N_("{role}: nobody contributes; the reference expects {owners}."),
    "coverage_unheard_item": Plural(
        "{role}: not heard: its expected owner did not answer ({primary}); {n} contributor among those who did.",
        "{role}: not heard: its expected owner did not answer ({primary}); {n} contributors among those who did.",
    ),
    "coverage_no_lead_item": Plural(
        "{role}: {n} contributor ({organisations}), nobody leads; expected: {owners}.",
        "{role}: {n} contributors ({organisations}), nobody leads; expected: {owners}.",
    ),
    "coverage_contested_item": N_(
        "{role}: {n} leaders ({organisations}); the reference expects {primary} to lead."
    ),
    "profiles": N_("Profiles by category"),
    "profiles_intro": N_(
        "Per category: the mean self-rating of its organisations for each role against the reference expectation."
    ),
    "col_level": N_("Expectation"),
    "col_expected": N_("Expected"),
    "col_mean": N_("Mean"),
    "col_max": N_("Max"),
    "level_primary": N_("primary"),
    "level_supporting": N_("supporting"),
    "level_none": N_("none"),
    "role_fit": N_("Role fit per organisation"),
    "role_fit_intro": N_(
        "Role fit is 1 − Σgap / Σexpected over the roles the organisation's category is expected to play: 100% means it meets every expectation."
    ),
    "role_fit_anonymous": N_("Not shown in anonymous mode: role fit is a figure per organisation."),
    "col_role_fit": N_("Role fit"),
    "col_fulfils": N_("Fulfils"),
    "col_partial": N_("Partial"),
    "col_gaps": N_("Gaps"),
    "col_beyond": N_("Beyond"),
    "col_aims_recall": N_("Aims met"),
    "aims_challenges": N_("Aims, challenges, potential and constraints"),
    "aims_intro": N_(
        "How many organisations chose each item, and, per category, which of the reference's items were chosen, missed, or added."
    ),
    "items_aim": N_("Aims"),
    "items_challenge": N_("Challenges"),
    "items_potential": N_("Potential"),
    "items_constraint": N_("Constraints"),
    "col_item": N_("Item"),
    "col_selected_by": N_("Chosen by"),
    "col_share": N_("Share"),
    "col_categories": N_("Categories"),
    "item_status_unpursued": N_("nobody pursues it"),
    "item_status_pursued": N_("pursued"),
    "item_status_common_ground": N_("common ground"),
    "item_status_reported": N_("reported"),
    "item_status_not_reported": N_("not reported"),
    "against_reference_intro": N_(
        "{kind} against the reference, per category: matched (in the reference and chosen), missing (in the reference, chosen by nobody in the category) and extra (chosen, not in the reference)."
    ),
    "col_matched": N_("Matched"),
    "col_missing": N_("Missing"),
    "col_extra": N_("Extra"),
    "collaboration": N_("Collaboration"),
    "collaboration_intro": N_(
        "Which categories work with which today, and where organisations need more from another category."
    ),
    "collaboration_none": N_("No organisation named a collaboration or a need."),
    "col_from": N_("From"),
    "col_to": N_("With"),
    "col_links": N_("Links"),
    "col_needs": N_("Needs"),
    "collab_linked": N_("linked"),
    "collab_need_met": N_("need met"),
    "collab_need_unmet": N_("need unmet"),
    "collab_need_no_voice": N_("need, no voice"),
    "unmet_needs": N_("Unmet needs"),
    "unmet_need_unmet": Plural(
        "{source} need more from {target} ({n} organisation) and no link exists yet.",
        "{source} need more from {target} ({n} organisations) and no link exists yet.",
    ),
    "unmet_need_no_voice": Plural(
        "{source} need more from {target} ({n} organisation), a category that did not answer.",
        "{source} need more from {target} ({n} organisations), a category that did not answer.",
    ),
    "unmet_none": N_("Every stated need is met by an existing link."),
    "free_text": N_("What organisations said"),
    "free_text_intro": N_(
        'Planned contributions, comments and "other" entries, as the organisations wrote them.'
    ),
    "free_text_none": N_("No free-text answer."),
    "question_planned_contribution": N_("Planned contribution"),
    "question_comments": N_("Comments"),
    "question_aims": N_("Aims: other"),
    "question_challenges": N_("Challenges: other"),
    "question_potential": N_("Potential: other"),
    "question_constraints": N_("Constraints: other"),
    "decisions": N_("Decisions for leadership"),
    "decisions_intro": Plural(
        "{n} action is proposed. The workbook's actions sheet is the register to track it, with its status, due date and agreed owner to fill in.",
        "{n} actions are proposed, the most urgent first; the first {shown} are below. The workbook's actions sheet is the register to track them, with a status, a due date and the agreed owner to fill in.",
    ),
    "decisions_none": N_(
        "No action is proposed: every role has one lead and every expected category answered."
    ),
    "col_action": N_("Action"),
    "col_who_acts": N_("Who acts"),
    "col_decision": N_("Decision"),
    "col_why": N_("Why"),
    "coordination_team": N_("The coordination team"),
    "decide_agree_lead": Plural(
        "Be accountable for {role}, which {leaders} organisation claims to lead",
        "Be accountable for {role}, which {leaders} organisations claim to lead",
        count="leaders",
    ),
    "decide_assign_lead": N_("Lead {role}: it has contributors and no lead"),
    "decide_find_contributor": N_("Contribute to {role}: nobody covers it"),
    "decide_chase": N_("Send in the answers: expected owner of {role}"),
    "decide_invite": N_("Invite {category} and hear them"),
    "decide_close_gap": N_("Take up {role}, which the reference expects of {category}"),
    "decide_take_up_pledge": N_("Put the pledge for {role} into practice"),
    "decide_meet_need": Plural(
        "Work with the {n} category that needs more from {category}",
        "Work with the {n} categories that need more from {category}",
    ),
    "why_reference": N_("its category is the one the reference expects"),
    "why_rating": N_("it rates its involvement highest"),
    "why_potential": N_("it declares the capacity the role needs"),
    "why_recognition": N_("the most other categories work with it"),
    "why_pledge": N_("it pledged to contribute to the role"),
    "why_role_fit": N_("its answers fit its reference roles best"),
    "why_engagement": N_("it is the most engaged in its expected roles"),
    "why_fixed_order": N_("a tie between equals: leadership chooses"),
    "why_sole": N_("the only one"),
    "why_single": N_("the only one that may be named"),
    "why_none": N_("nobody who answered can take it"),
    "why_draft_not_submitted": N_("a draft was started and never submitted"),
    "why_no_answer": N_("invited, did not answer"),
    "why_not_submitted": N_("did not submit answers"),
    "why_unverified_excluded": N_("its answers are unverified and were left out"),
    "why_not_invited": N_("never invited"),
    "why_primary_role_gap": N_("it rates the role 0 or 1 and the city lacks it"),
    "why_need_unmet": N_("of its category, it works with the most others today"),
    "why_pledge_uncovered": N_("nobody covers the role yet"),
    "why_pledge_no_lead": N_("the role has no lead yet"),
    "why_pledge_owner_missing": N_("no expected category contributes to the role yet"),
    "why_pledge_own_gap": N_("the reference expects the role of its category"),
    "decisions_evidence": N_("Evidence: {evidence}"),
    "decisions_evidence_more": Plural("{evidence} and {n} more", "{evidence} and {n} more"),
    "evidence_need": N_("{group} needs more from {category}"),
    "decisions_contested": N_("Proposed accountable for each contested role"),
    "decisions_contested_item": N_("{role}: {owner}, rather than {others} ({action})"),
    "decisions_no_lead": N_("Proposed lead for each role without a lead"),
    "decisions_uncovered": N_("Proposed contributor for each role nobody covers"),
    "decisions_role_item": N_("{role}: {owner} ({action})"),
    "decisions_invite": N_("Categories to invite"),
    "decisions_invite_item": N_("{category}: {why} ({action})"),
    "decisions_chase": N_("Organisations to chase"),
    "decisions_chase_item": N_("{owner}, expected owner of {role}: {why} ({action})"),
    "recommendations": N_("Recommendations"),
    "recommendations_intro": Plural(
        "{n} recommendation of the reference applies to this campaign, with the evidence that triggered it.",
        "{n} recommendations of the reference apply to this campaign, each with the evidence that triggered it.",
    ),
    "recommendations_none": N_("No recommendation of the reference was triggered."),
    "rec_concerns": N_("Concerns: {categories}. Group: {group}."),
    "rec_evidence": N_("Evidence"),
    "rec_group_final_section": N_("strategic advice"),
    "rec_group_methodology": N_("method"),
    "rec_group_role_specific": N_("role-specific"),
    "round_changes": N_("Changes since the previous round"),
    "round_intro": N_(
        "Role by role and organisation by organisation, compared with round {previous}."
    ),
    "round_organisations": N_("Organisations"),
    "col_contributors_before": N_("Contrib. before"),
    "col_contributors_after": N_("Contrib. now"),
    "col_leaders_before": N_("Leaders before"),
    "col_leaders_after": N_("Leaders now"),
    "col_status_before": N_("Before"),
    "col_status_after": N_("Now"),
    "col_change": N_("Change"),
    "col_fit_before": N_("Fit before"),
    "col_fit_after": N_("Fit now"),
    "col_delta": N_("Δ (points)"),
    "col_gaps_before": N_("Gaps before"),
    "col_gaps_after": N_("Gaps now"),
    "change_improved": N_("improved"),
    "change_worsened": N_("worsened"),
    "change_unchanged": N_("unchanged"),
    "change_new": N_("new"),
    "change_gone": N_("gone"),
    "appendix": N_("Appendix"),
    "method": N_("Method"),
    "method_intro": N_(
        "Each organisation rated its involvement in each of the reference roles on this scale:"
    ),
    "col_meaning": N_("Meaning"),
    "scale_0": N_("not involved"),
    "scale_1": N_("informed"),
    "scale_2": N_("consulted"),
    "scale_3": N_("contributing (responsible for part)"),
    "scale_4": N_("leading (accountable)"),
    "level_primary_meaning": N_(
        "the reference expects the category to play the role as one of its own"
    ),
    "level_supporting_meaning": N_("the reference expects the category to support the role"),
    "level_none_meaning": N_("no expectation"),
    "method_gap": N_(
        "For each organisation and role: gap = max(expected − self, 0) and surplus = max(self − expected, 0)."
    ),
    "method_status": N_(
        "Status: fulfils (self ≥ expected), partial (one point short), gap (two or more points short), beyond reference (no expectation, rated 3 or 4), not expected (no expectation, rated 0–2)."
    ),
    "method_fit": N_(
        "Role fit = 1 − Σgap / Σexpected over the roles the category is expected to play."
    ),
    "method_coverage": N_(
        "For the city, a role's contributors rate it 3 or 4 and its leaders 4. Status: uncovered (no contributor), no lead (contributors, no leader), contested (two or more leaders: overlapping functions), covered. Owner missing: no contributor belongs to a category the reference expects to play the role."
    ),
    "method_basis": N_(
        "Every expectation has a basis: report (the ITU-T report states it, with a pointer) or interpretation (the toolkit infers it where the source is silent, with a one-sentence rationale). The table below lists which is which."
    ),
    "method_privacy": N_(
        "In anonymous mode no organisation is named, and a category answered by fewer than {min_group} organisations is merged with the other small ones or suppressed."
    ),
    "col_basis": N_("Basis"),
    "col_source": N_("Source or rationale"),
    "basis_report": N_("report"),
    "basis_interpretation": N_("interpretation"),
    "expectation_basis": N_("Expectations and their basis"),
    "expectation_basis_intro": N_(
        "Every primary and supporting expectation of the reference, with where it comes from."
    ),
    "reference_summary": N_("Reference summary (Annex 1)"),
    "reference_summary_intro": N_(
        'The report\'s Annex 1 columns for every category, as encoded in the reference pack; "not in source" marks what the source material did not contain.'
    ),
    "not_in_source": N_("not in source"),
    "annex_scale_sector": N_("Scale / sector"),
    "annex_aims": N_("Aims"),
    "annex_challenges": N_("Challenges"),
    "annex_potential": N_("Potential"),
    "annex_constraints": N_("Constraints"),
    "annex_contribution": N_("Expected contribution"),
    "data_quality": N_("Data-quality notes"),
    "dq_none": N_("No data-quality note."),
    "col_note": N_("Note"),
    "col_subject": N_("Subject"),
    "col_detail": N_("Detail"),
    "dq_unverified": N_("Unverified response"),
    "dq_unverified_included": N_("Unverified responses counted"),
    "dq_unverified_excluded": N_("Unverified responses excluded"),
    "dq_declined_grouped": N_("Organisations not named, grouped"),
    "dq_declined_left_out": N_("Organisations not named, left out"),
    "dq_raci_no_accountable": N_("No accountable organisation"),
    "dq_raci_several_accountable": N_("Several accountable organisations"),
    "dq_raci_no_responsible": N_("Nobody responsible at work"),
    "dq_groups_merged": N_("Small groups merged"),
    "dq_groups_suppressed": N_("Small groups suppressed"),
    "dq_role_unanswered": N_("Roles left unrated"),
    "dq_draft_not_counted": N_("Draft not counted"),
    "dq_open_responses": N_("Open responses"),
    "dq_questionnaire_mismatch": N_("Other questionnaire version"),
    "dq_no_responses": N_("No responses"),
    "dq_missing_glyphs": N_("Characters the report cannot show"),
    "dq_missing_glyphs_detail": N_(
        "Shown as [U+XXXX] in the text and charts: {characters}. No font has them, or they "
        "belong to a right-to-left script (Arabic, Hebrew), which the reports cannot yet lay out."
    ),
    "status_fulfils": N_("fulfils"),
    "status_partial": N_("partial"),
    "status_gap": N_("gap"),
    "status_beyond_reference": N_("beyond reference"),
    "status_not_expected": N_("not expected"),
    "match_matched": N_("matched"),
    "match_missing": N_("missing"),
    "match_extra": N_("extra"),
    "match_no_reference": N_("no reference"),
    "org_profile": N_("Your profile against the reference"),
    "org_profile_intro": N_(
        "Your self-rating per role, what the reference expects of {category}, and the mean of the other organisations of your category."
    ),
    "org_declined_left_out": N_(
        "You asked the city's reports not to name your organisation, so this report calls it {name}, as they would. Fewer than {min_group} organisations declined, so your answers are in none of the city's figures: they are shown here, to you only."
    ),
    "org_declined_grouped": N_(
        "You asked the city's reports not to name your organisation, so this report calls it {name}, as they would. Your answers count in the city's figures only together with those of the other organisations that declined, never on their own."
    ),
    "org_peers_hidden": Plural(
        "Your peers' mean is not shown: the category has {n} responding organisation, fewer than {min_group}, so their figures would identify them.",
        "Your peers' mean is not shown: the category has {n} responding organisations, fewer than {min_group}, so their figures would identify them.",
    ),
    "col_self": N_("You"),
    "col_peers": N_("Peers"),
    "col_gap": N_("Gap"),
    "org_fit_sentence": Plural(
        "The reference expects {roles} role of your category; you fulfil {fulfilled}. Your role fit is {fit}: a gap of {gap} out of the {expected} expected.",
        "The reference expects {roles} roles of your category; you fulfil {fulfilled}. Your role fit is {fit}: a gap of {gap} out of the {expected} expected.",
        count="roles",
    ),
    "org_asks": N_("What the city asks of you"),
    "org_asks_intro": N_(
        "The actions of the city's plan that name you, with their id in the coordinators' register and their priority (1 is the most urgent), and the categories that want more from yours."
    ),
    "org_asks_owned": N_("{what} — {why} ({action}, priority {priority})"),
    "org_asks_none": N_("No action of the city's plan names you as the one to act."),
    "org_asks_candidates": N_("Where you are a candidate"),
    "org_asks_candidate": N_("{what}: proposed to {owner}; you could take it ({action})"),
    "org_wanted_by": N_("Who wants more from {category}"),
    "org_wanted_by_item": Plural(
        "{group}: {n} organisation wants more from your category ({links} working with it now)",
        "{group}: {n} organisations want more from your category ({links} working with it now)",
    ),
    "org_wanted_by_none": N_("No category said it wants more from {category}."),
    "org_gaps": N_("Your gaps and beyond-reference roles"),
    "org_gap_roles": N_("Roles below the expectation"),
    "org_gaps_none": N_("You meet every expectation of the reference for your category."),
    "org_gap_item": N_(
        "{role} ({level}): you rate {rating}, the reference expects {expected} — {status}."
    ),
    "org_beyond_roles": N_("Roles beyond the reference"),
    "org_beyond_none": N_("You claim no role the reference does not expect of your category."),
    "org_beyond_item": N_(
        "{role}: you rate {rating} although the reference sets no expectation for your category."
    ),
    "org_aims": N_("Your aims against the reference"),
    "org_aims_intro": N_(
        "The items you chose, compared with the reference's items for your category."
    ),
    "col_in_reference": N_("In reference"),
    "col_selected": N_("Chosen"),
    "col_match": N_("Result"),
    "org_aims_recall": N_(
        "You chose {matched} of the {reference} aims the reference gives your category ({recall})."
    ),
    "org_city_needs": N_("Where the city most needs you"),
    "org_city_needs_intro": N_(
        "Roles nobody in the city covers that you could take up, roles with contributors but no leader where you contribute, and roles where you overlap with other leaders."
    ),
    "org_needs_cover": N_("Roles nobody covers that you could take up"),
    "org_needs_cover_none": N_("No uncovered role concerns you."),
    "org_could_cover": N_(
        "{role}: nobody contributes; the reference expects your category as {level}, you rate {rating}."
    ),
    "org_needs_lead": N_("Roles with no leader where you contribute"),
    "org_needs_lead_none": N_("None."),
    "org_could_lead": Plural(
        "{role}: {n} contributor, nobody leads; you could.",
        "{role}: {n} contributors, nobody leads; you could.",
    ),
    "org_needs_overlap": N_("Roles where you overlap with other leaders"),
    "org_needs_overlap_none": N_("You share the lead of no role."),
    "org_overlap": N_("{role}: also led by {organisations}; agree who is accountable."),
    "org_recommendations": N_("Recommendations for your category"),
    "org_recommendations_intro": Plural(
        "{n} triggered recommendation concerns {category} or every category.",
        "{n} triggered recommendations concern {category} or every category.",
    ),
    "org_recommendations_none": N_("No triggered recommendation concerns {category}."),
    "org_free_text": N_("What you told us"),
}
