"""Billing services: each public function is one state change in one transaction.

payers:      payer_for_membership, payers_ensure, sponsor_payer_ensure
invoices:    invoice_issue, invoice_cancel
invoice_sets (set-based, shared with the monthly billing run): invoices_ensure, invoice_lines_write,
             invoices_refresh, credits_apply
payments:    payment_post, refund_record
jht:         jht_returns_credit, jht_withdraw (shares are credited by the allocation itself)
statements:  statement_import
"""
