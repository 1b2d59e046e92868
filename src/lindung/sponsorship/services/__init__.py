"""Sponsorship services: each public function is one state change in one transaction.

setup:      sponsor_create, programme_create
imports:    beneficiary_list_import (set-based, a list of 100k rows in one run)
exits:      beneficiary_exit, beneficiary_hand_over (a freed place goes to the waiting list)
renewal:    programme_renew (eligible beneficiaries carried into the next fiscal year's programme)
monthly bill: lindung.sponsorship.billing.programme_bill_issue
"""
