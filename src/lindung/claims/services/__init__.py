"""Claims services: each public function is one state change in one transaction, with its audit event.

intake:    claim_file, claim_document_mark, claim_reassess, claim_payee_update
workflow:  claim_verify, claim_approve, claim_reject
payments:  payment_batch_create, payment_batch_settle, benefit_payment_retry, claim_benefit_stop,
           pension_payroll_generate, scholarship_year_add, claim_arrears_settled
"""
