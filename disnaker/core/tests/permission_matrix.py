"""The permission matrix: every URL name of the project × every persona, with what a GET answers today.

Personas (conftest.py): anonymous; alice (a company's user) and bob (another company's); bima (the BKK
operator) and putri (an appointed PAK of his BKK); vera (verifier) and hana (head) of Kabupaten Bekasi;
oscar (verifier of Kota Bekasi, another office); prita (Jawa Barat province admin); mira (the ministry's
viewer); adam (the deployment's admin). Every object in the world belongs to Kabupaten Bekasi, alice's
company or bima's BKK (test_permission_matrix.py builds it).

Answers: a status code; ``L`` a redirect to the portal's sign-in page; ``A`` a redirect to the admin's
sign-in page; 302 any other redirect. A POST-only URL answers 405 to a GET. Out-of-scope objects answer 404
(audited) where the code says "not yours", 403 where it says "not your role"."""

from __future__ import annotations

L, A = "login", "admin-login"

PERSONAS = ("anonymous", "alice", "bob", "bima", "putri", "vera", "hana", "oscar", "prita", "mira", "adam")


def _pk(key):
    return lambda w: [w[key].pk]


#: URL arguments from the world (test_permission_matrix.py); a name not here takes none.
ARGS = {
    "accounts:password_reset_confirm": lambda w: [w["uid"], w["reset_token"]()],
    "accounts:api_token_revoke": _pk("api_token"),
    "accounts:account_request_detail": _pk("account_request"),
    "accounts:account_request_approve": _pk("account_request"),
    "accounts:account_request_reject": _pk("account_request"),
    "accounts:account_request_decide": lambda w: [w["account_request"].pk, "tolak"],
    "accounts:account_request_document": lambda w: [w["account_request"].pk, "ktp_image"],
    "captcha-image": lambda w: [w["captcha"]],
    "captcha-image-2x": lambda w: [w["captcha"]],
    "captcha-audio": lambda w: [w["captcha"]],
    "pkwt:detail": _pk("registration"),
    "pkwt:edit": _pk("registration"),
    "pkwt:letter": _pk("registration"),
    "pkwt:document": lambda w: [w["registration"].pk, "application_letter"],
    "pkwt:import_status": lambda w: [w["registration"].pk, w["import"].pk],
    "pkwt:import_annotated": lambda w: [w["registration"].pk, w["import"].pk],
    "pkwt:import_report": lambda w: [w["registration"].pk, w["import"].pk],
    "pkwt:decree": _pk("signed"),
    "pkwt:decree_pdf": _pk("signed"),
    "pkwt:office_sign": _pk("signed"),
    "pkwt:office_signing_status": _pk("signed"),
    "pkwt:office_decree_preview": _pk("registration"),
    "pkwt:office_revoke": _pk("signed"),
    "pkwt:office_review": _pk("registration"),
    "pkwt:office_decide": lambda w: [w["registration"].pk, "verifikasi"],
    "pkwt:office_reveal_nik": lambda w: [w["registration"].pk, w["contract"].pk],
    "pkwt:office_take": _pk("registration"),
    "pkwt:office_release": _pk("registration"),
    "pkwt:office_age_exception": lambda w: [w["child"].registration_id, w["child"].pk],
    "pkwt:office_age_exception_document": lambda w: [w["child"].registration_id, w["child"].pk],
    "pkwt:office_contracts_export": _pk("registration"),
    "decrees:verify": lambda w: [w["bkk_decree"].token],
    "decrees:signing_batch": lambda w: ["proses-yang-tidak-ada"],
    "placement:bkk_revise": lambda w: [w["revision"].edit_token],
    "placement:bkk_document": lambda w: [w["bkk"].pk, "placement_plan"],
    "placement:decree_pdf": lambda w: [w["bkk_decree"].pk],
    "placement:office_bkk_review": _pk("bkk"),
    "placement:office_bkk_decide": lambda w: [w["bkk"].pk, "nonaktifkan"],
    "placement:proposal_detail": _pk("proposal"),
    "placement:proposal_edit": _pk("draft"),
    "placement:candidate_edit": lambda w: [w["draft"].pk, w["candidate"].pk],
    "placement:candidate_remove": lambda w: [w["draft"].pk, w["candidate"].pk],
    "placement:proposal_submit": _pk("draft"),
    "placement:candidate_document": lambda w: [w["pak"].pk, "surat"],
    "placement:officer_reveal_nik": lambda w: [w["pak"].pk],
    "placement:office_proposal_review": _pk("proposal"),
    "placement:office_proposal_decide": lambda w: [w["proposal"].pk, "tolak"],
    "placement:office_officer": _pk("pak"),
    "placement:office_officer_end": _pk("pak"),
    "placement:officer_resend_invitation": _pk("pak"),
    "placement:officer_epak_status": _pk("pak"),
    "placement:invitation": lambda w: [w["invitation"]],
    "placement:province_review": lambda w: [w["pak"].profile.pk],
    "placement:province_decide": lambda w: [w["pak"].profile.pk, "verifikasi"],
    "placement:province_report_detail": _pk("report"),
    "placement:province_report_excel": _pk("report"),
    "placement:province_report_mark_read": _pk("report"),
    "guidance:activity_detail": _pk("activity"),
    "guidance:activity_edit": _pk("activity"),
    "guidance:activity_follow_up_done": _pk("activity"),
    "guidance:attachment": lambda w: [w["activity"].pk, w["attachment"].pk],
    "guidance:attachment_delete": lambda w: [w["activity"].pk, w["attachment"].pk],
    "guidance:report_detail": _pk("placement_report"),
    "training:detail": _pk("training"),
    "training:edit": _pk("training"),
    "training:invite": _pk("training"),
    "training:participant_remove": lambda w: [w["training"].pk, w["participant"].pk],
    "training:attendance": _pk("training"),
    "training:certificates_issue": _pk("training"),
    "training:certificate": _pk("participant"),
    "training:certificate_preview": _pk("participant"),
    "placement:office_bkk_decree_preview": _pk("bkk"),
    "placement:office_proposal_decree_preview": _pk("proposal"),
    "admin:view_on_site": lambda w: [w["admin_content_type"], w["bkk"].pk],
    "admin:app_list": lambda w: ["placement"],
    "admin:auth_user_password_change": lambda w: [w["alice"].pk],
    "admin:otp_totp_totpdevice_config": lambda w: [w["admin_objects"]["otp_totp_totpdevice"]],
    "admin:otp_totp_totpdevice_qrcode": lambda w: [w["admin_objects"]["otp_totp_totpdevice"]],
}

#: URL name → the answer to a GET, per persona in PERSONAS order. Province (prita) and ministry (mira) see no
#: PKWT data today; the design says they should, read-only.
# fmt: off
MATRIX = {
    #                                              anon alice  bob bima putri vera hana oscar prita mira adam
    # --- accounts
    "accounts:account_request_approve":            (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "accounts:account_request_create":             ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "accounts:account_request_detail":             (   L,  403,  403,  403,  403,  200,  200,  404,  403,  403,  200),
    "accounts:account_request_document":           (   L,  403,  403,  403,  403,  200,  200,  404,  403,  403,  404),
    "accounts:account_request_queue":              (   L,  403,  403,  403,  403,  200,  200,  200,  403,  403,  200),
    "accounts:account_request_reject":             (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "accounts:account_request_decide":             (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "accounts:account_request_sent":               ( 302,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302),
    "accounts:api_token_revoke":                   (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "accounts:dashboard":                          (   L,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "accounts:login":                              ( 200,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302),
    "accounts:logout":                             ( 405,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "accounts:otp_enrol":                          (   L,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302),
    "accounts:otp_verify":                         (   L,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302),
    "accounts:password_change":                    (   L,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "accounts:password_reset":                     ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "accounts:password_reset_complete":            ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    # alice's valid link (made afresh: signing in changes it) goes on to the form for the new password
    "accounts:password_reset_confirm":             ( 302,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302),
    "accounts:password_reset_done":                ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "accounts:settings":                           (   L,  200,  200,  404,  404,  404,  404,  404,  404,  404,  404),
    "accounts:terms":                              ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "accounts:track":                              ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "accounts:two_factor":                         (   L,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    # --- api
    "api:api-root":                                ( 404,  404,  404,  404,  404,  404,  404,  404,  404,  404,  404),
    "api:openapi-json":                            ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "api:openapi-view":                            (   L,  200,  200,  404,  404,  404,  404,  404,  404,  404,  404),
    "api:pkwt_validate":                           ( 405,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    # --- captcha and health
    "captcha-audio":                               ( 404,  404,  404,  404,  404,  404,  404,  404,  404,  404,  404),
    "captcha-image":                               ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "captcha-image-2x":                            ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "captcha-refresh":                             ( 404,  404,  404,  404,  404,  404,  404,  404,  404,  404,  404),
    # --- core
    "core:health":                                 ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "core:liveness":                               ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    # no task worker runs in the matrix: not ready, for everyone alike
    "core:readiness":                              ( 503,  503,  503,  503,  503,  503,  503,  503,  503,  503,  503),
    # --- decrees
    "decrees:verify":                              ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "decrees:signing_queue":                       (   L,  403,  403,  403,  403,  403,  200,  403,  403,  403,  403),
    # a batch id nobody started (or another head's): not found for the head
    "decrees:signing_batch":                       (   L,  403,  403,  403,  403,  403,  404,  403,  403,  403,  403),
    # --- guidance
    "guidance:activity_create":                    (   L,  404,  404,  403,  404,  200,  200,  200,  403,  403,  403),
    "guidance:activity_detail":                    (   L,  404,  404,  200,  404,  200,  200,  404,  200,  200,  200),
    "guidance:activity_edit":                      (   L,  404,  404,  403,  404,  200,  200,  404,  403,  403,  403),
    "guidance:activity_export":                    (   L,  404,  404,  404,  404,  200,  200,  200,  200,  200,  200),
    "guidance:activity_follow_up_done":            (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "guidance:activity_list":                      (   L,  404,  404,  200,  404,  200,  200,  200,  200,  200,  200),
    "guidance:attachment":                         (   L,  404,  404,  200,  404,  200,  200,  404,  200,  200,  200),
    "guidance:attachment_delete":                  (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "guidance:bkk_monitoring":                     (   L,  404,  404,  404,  404,  200,  200,  200,  200,  200,  200),
    "guidance:bkk_monitoring_propose":             (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "guidance:report_create":                      (   L,  404,  404,  200,  404,  403,  403,  403,  403,  403,  403),
    "guidance:report_detail":                      (   L,  404,  404,  200,  404,  200,  200,  404,  200,  200,  200),
    "guidance:report_export":                      (   L,  404,  404,  404,  404,  200,  200,  200,  200,  200,  200),
    "guidance:report_list":                        (   L,  404,  404,  200,  404,  200,  200,  200,  200,  200,  200),
    "guidance:report_summary":                     (   L,  404,  404,  404,  404,  200,  200,  200,  200,  200,  200),
    # --- pkwt
    "pkwt:add":                                    (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "pkwt:compensation":                           (   L,  200,  200,  404,  404,  404,  404,  404,  404,  404,  404),
    "pkwt:decree":                                 (   L,  200,  404,  404,  404,  200,  200,  404,  404,  404,  404),  # the province and the ministry: no workers or documents (404)
    "pkwt:decree_pdf":                             (   L,  200,  404,  404,  404,  200,  200,  404,  404,  404,  404),  # the province and the ministry: no workers or documents (404)
    "pkwt:detail":                                 (   L,  200,  404,  404,  404,  200,  200,  404,  404,  404,  200),  # the province and the ministry: no workers or documents (404)
    "pkwt:document":                               (   L,  200,  404,  404,  404,  200,  200,  404,  404,  404,  404),  # the province and the ministry: no workers or documents (404)
    "pkwt:edit":                                   (   L,  302,  404,  404,  404,  404,  404,  404,  404,  404,  404),
    "pkwt:import_annotated":                       (   L,  200,  404,  404,  404,  200,  200,  404,  404,  404,  404),  # the province and the ministry: no workers or documents (404)
    "pkwt:import_report":                          (   L,  200,  404,  404,  404,  200,  200,  404,  404,  404,  404),  # the province and the ministry: no workers or documents (404)
    "pkwt:import_status":                          (   L,  200,  404,  404,  404,  200,  200,  404,  404,  404,  200),  # the province and the ministry: no workers or documents (404)
    "pkwt:letter":                                 (   L,  200,  404,  404,  404,  404,  404,  404,  404,  404,  404),
    "pkwt:list":                                   (   L,  200,  200,  404,  404,  404,  404,  404,  404,  404,  404),
    "pkwt:office_age_exception":                   (   L,  403,  403,  403,  403,  200,  200,  404,  403,  403,  403),  # the office's staff; only its verifier records (POST)
    "pkwt:office_age_exception_document":          (   L,  403,  403,  403,  403,  200,  200,  404,  403,  403,  403),  # a child's parents' permission: the office's staff only
    "pkwt:office_contracts_export":                (   L,  403,  403,  403,  403,  200,  200,  404,  403,  403,  403),  # the workers' figures: the kab/kota office's staff only
    "pkwt:office_dashboard":                       (   L,  403,  403,  403,  403,  200,  200,  200,  200,  200,  403),  # issue 11 §3: the province (its kab/kota) and the ministry follow registrations read-only
    "pkwt:office_decide":                          (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "pkwt:office_queue":                           (   L,  403,  403,  403,  403,  200,  200,  200,  200,  200,  403),  # issue 11 §3: the province (its kab/kota) and the ministry follow registrations read-only
    "pkwt:office_reveal_nik":                      (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "pkwt:office_take":                            (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "pkwt:office_release":                         (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "pkwt:office_review":                          (   L,  403,  403,  403,  403,  200,  200,  404,  200,  200,  403),  # issue 11 §3: the province (its kab/kota) and the ministry follow registrations read-only
    "pkwt:office_revoke":                          (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "pkwt:office_sign":                            (   L,  403,  403,  403,  403,  403,  302,  404,  403,  403,  403),  # issue 14: the head's signing screen (the world's registration is signed already: back to the review)
    "pkwt:office_decree_preview":                  (   L,  403,  403,  403,  403,  200,  200,  404,  403,  403,  403),  # issue 14: the head and the office's verifiers preview the SK (DRAFT, no number)
    "pkwt:office_signing_status":                  (   L,  403,  403,  403,  403,  204,  204,  404,  403,  403,  403),  # the province and the ministry: no workers or documents (404)
    "pkwt:template":                               (   L,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "pkwt:template_ods":                           (   L,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "pkwt:worker_check":                           ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    # --- placement
    "placement:bkk_apply":                         ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "placement:bkk_apply_sent":                    ( 302,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302),
    "placement:bkk_document":                      (   L,  404,  404,  200,  404,  200,  200,  404,  200,  404,  404),
    "placement:bkk_revise":                        ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "placement:bkk_track":                         ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "placement:candidate_document":                (   L,  404,  404,  200,  200,  200,  200,  404,  200,  404,  404),
    "placement:candidate_edit":                    (   L,  404,  404,  200,  404,  404,  404,  404,  404,  404,  404),
    "placement:candidate_remove":                  (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "placement:decree_pdf":                        (   L,  404,  404,  200,  404,  200,  200,  404,  200,  404,  404),
    "placement:invitation":                        ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200),
    "placement:monitoring":                        (   L,  404,  404,  404,  404,  200,  200,  200,  200,  200,  200),
    "placement:my_bkk":                            (   L,  404,  404,  200,  404,  404,  404,  404,  404,  404,  404),
    "placement:my_profile":                        (   L,  404,  404,  404,  200,  404,  404,  404,  404,  404,  404),
    "placement:office_bkk_decide":                 (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "placement:office_bkk_queue":                  (   L,  403,  403,  403,  403,  200,  200,  200,  200,  200,  200),
    "placement:office_bkk_decree_preview":         (   L,  403,  403,  403,  403,  404,  404,  404,  404,  404,  404),  # issue 14: the head and the office's verifiers, while the BKK is reviewed (the world's BKK is registered: 404)
    "placement:office_proposal_decree_preview":    (   L,  404,  404,  404,  404,  200,  200,  404,  404,  404,  404),  # issue 14: the head and the office's verifiers preview the SK Penetapan PAK
    "placement:office_bkk_review":                 (   L,  403,  403,  403,  403,  200,  200,  404,  200,  200,  200),
    "placement:office_officer":                    (   L,  404,  404,  404,  404,  200,  200,  404,  200,  200,  200),
    "placement:office_officer_end":                (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "placement:office_officers":                   (   L,  404,  404,  404,  404,  200,  200,  200,  200,  200,  200),
    "placement:office_proposal_decide":            (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "placement:office_proposal_queue":             (   L,  404,  404,  404,  404,  200,  200,  200,  404,  404,  404),
    "placement:office_proposal_review":            (   L,  404,  404,  404,  404,  200,  200,  404,  404,  404,  404),
    "placement:office_report":                     (   L,  404,  404,  404,  404,  200,  200,  200,  404,  404,  404),
    "placement:office_reports":                    (   L,  404,  404,  404,  404,  200,  200,  200,  404,  404,  404),
    "placement:officer_resend_invitation":         (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    # The e-pengantarkerja channel's pages (the suite runs the internal channel: the upload page is not there;
    # placement/tests/test_epak.py checks who may open it in the e-pengantarkerja channel).
    "placement:officer_epak_status":               (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "placement:epak_upload":                       (   L,  404,  404,  404,  404,  404,  404,  404,  404,  404,  404),
    "placement:officer_reveal_nik":                (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "placement:proposal_detail":                   (   L,  404,  404,  200,  404,  404,  404,  404,  404,  404,  404),
    "placement:proposal_edit":                     (   L,  404,  404,  200,  404,  404,  404,  404,  404,  404,  404),
    "placement:proposal_list":                     (   L,  404,  404,  200,  404,  404,  404,  404,  404,  404,  404),
    "placement:proposal_new":                      (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "placement:proposal_submit":                   (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "placement:province_decide":                   (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "placement:province_queue":                    (   L,  404,  404,  404,  404,  404,  404,  404,  200,  404,  404),
    "placement:province_report_detail":            (   L,  404,  404,  404,  404,  200,  200,  404,  200,  200,  200),
    "placement:province_report_excel":             (   L,  404,  404,  404,  404,  200,  200,  404,  200,  200,  200),
    "placement:province_report_mark_read":         (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
    "placement:province_reports":                  (   L,  404,  404,  404,  404,  404,  404,  404,  200,  404,  404),
    "placement:province_review":                   (   L,  404,  404,  404,  404,  404,  404,  404,  200,  404,  404),
    # --- training
    "training:attendance":                         (   L,  403,  403,  403,  403,  200,  200,  404,  403,  403,  403),
    "training:certificate":                        (   L,  404,  404,  200,  200,  200,  200,  404,  200,  200,  200),
    "training:certificate_preview":                (   L,  404,  404,  404,  404,  404,  404,  404,  404,  404,  404),  # issue 14: the organising office's head and verifiers, before the certificate is issued (the world's participant has it: 404)
    "training:certificates_issue":                 (   L,  403,  403,  403,  403,  403,  302,  404,  403,  403,  403),  # issue 14: GET is the head's signing screen (the world's training has no certificate waiting: back to the page)
    "training:create":                             (   L,  403,  403,  403,  403,  200,  200,  200,  200,  403,  403),
    "training:detail":                             (   L,  403,  403,  403,  403,  200,  200,  404,  200,  200,  200),
    "training:edit":                               (   L,  403,  403,  403,  403,  200,  200,  404,  403,  403,  403),
    "training:invite":                             (   L,  403,  403,  403,  403,  200,  200,  404,  403,  403,  403),
    "training:list":                               (   L,  403,  403,  403,  403,  200,  200,  200,  200,  200,  200),
    "training:my_trainings":                       (   L,  403,  403,  403,  200,  403,  403,  403,  403,  403,  403),
    "training:participant_remove":                 (   L,  405,  405,  405,  405,  405,  405,  405,  405,  405,  405),
}

#: The admin: everyone but adam is sent to the admin"s sign-in page (A). Adam"s answer per registered
#: model, in ADMIN_VIEWS order (403: the admin offers no such page for the model; 302: the model has no
#: row in the world, so the object"s page sends him back to the list).
ADMIN_VIEWS = ("changelist", "add", "history", "delete", "change")
ADMIN_MODELS = {
    "accounts_accountrequest":                         ( 200,  403,  200,  403,  200),
    "accounts_company":                                ( 200,  200,  200,  200,  200),
    "accounts_user":                                   ( 200,  200,  200,  403,  200),
    "auth_group":                                      ( 200,  200,  302,  302,  302),
    "axes_accessattempt":                              ( 200,  403,  302,  302,  302),
    "axes_accessfailurelog":                           ( 200,  403,  302,  302,  302),
    "axes_accesslog":                                  ( 200,  403,  302,  302,  302),
    "core_auditlog":                                   ( 200,  403,  200,  403,  200),
    "core_calendaroverride":                           ( 200,  200,  302,  302,  302),
    "core_office":                                     ( 200,  200,  200,  200,  200),
    "core_region":                                     ( 200,  200,  200,  200,  200),
    "core_statuschange":                               ( 200,  403,  200,  403,  200),
    "core_workerheartbeat":                            ( 200,  403,  302,  403,  302),
    "decrees_decree":                                  ( 200,  403,  200,  403,  200),
    "decrees_decreecounter":                           ( 200,  403,  200,  403,  200),
    "decrees_decreesettings":                          ( 200,  200,  200,  200,  200),
    "django_tasks_database_dbtaskresult":              ( 200,  403,  302,  403,  302),
    "guidance_guidanceactivity":                       ( 200,  200,  200,  200,  200),
    "guidance_placementreport":                        ( 200,  200,  200,  200,  200),
    "notifications_outboxmessage":                     ( 200,  403,  200,  403,  200),
    "otp_totp_totpdevice":                             ( 200,  403,  200,  200,  200),
    "pkwt_minimumwage":                                ( 200,  200,  200,  200,  200),
    "pkwt_pkwtofficesettings":                         ( 200,  200,  200,  200,  200),
    "pkwt_pkwtimport":                                 ( 200,  403,  200,  200,  200),
    "pkwt_pkwtregistration":                           ( 200,  403,  200,  403,  200),
    "placement_bkk":                                   ( 200,  403,  200,  403,  200),
    "placement_pakprofile":                            ( 200,  403,  200,  403,  200),
    "placement_pakofficesettings":                     ( 200,  200,  200,  200,  200),
    "placement_pakproposal":                           ( 200,  403,  200,  403,  200),
    "placement_pakrequirement":                        ( 200,  200,  200,  200,  200),
    "placement_placementofficer":                      ( 200,  403,  200,  403,  200),
    "placement_provincereport":                        ( 200,  403,  200,  403,  200),
    "training_training":                               ( 200,  403,  200,  403,  200),
}
ADMIN_EXTRA = {
    #                                              anon alice  bob bima putri vera hana oscar prita mira adam
    "admin:app_list":                              (   A,    A,    A,    A,    A,    A,    A,    A,    A,    A,  200),
    "admin:auth_user_password_change":             (   A,    A,    A,    A,    A,    A,    A,    A,    A,    A,  200),
    "admin:autocomplete":                          (   A,    A,    A,    A,    A,    A,    A,    A,    A,    A,  403),
    "admin:index":                                 (   A,    A,    A,    A,    A,    A,    A,    A,    A,    A,  200),
    "admin:jsi18n":                                (   A,    A,    A,    A,    A,    A,    A,    A,    A,    A,  200),
    "admin:login":                                 ( 200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  302),
    "admin:logout":                                ( 302,  302,  302,  302,  302,  302,  302,  302,  302,  302,  405),
    "admin:otp_totp_totpdevice_config":            (   A,    A,    A,    A,    A,    A,    A,    A,    A,    A,  403),
    "admin:otp_totp_totpdevice_qrcode":            (   A,    A,    A,    A,    A,    A,    A,    A,    A,    A,  403),
    "admin:password_change":                       (   A,    A,    A,    A,    A,    A,    A,    A,    A,    A,  200),
    "admin:password_change_done":                  (   A,    A,    A,    A,    A,    A,    A,    A,    A,    A,  200),
    "admin:view_on_site":                          (   A,    A,    A,    A,    A,    A,    A,    A,    A,    A,  404),
}
# fmt: on
