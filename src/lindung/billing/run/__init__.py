"""The pieces of the monthly billing run (`billing.services.billing_run.billing_run`).

population   which membership versions a contribution month bills, streamed in batches by id
compute      the lines of a batch from the rules' batch path (`lindung.rules.contributions_batch`)
write        lines into the month's invoices that still take lines: COPY + one INSERT … SELECT on
             PostgreSQL, batches of bulk_create elsewhere; a key already billed is skipped
adjustments  billed months in the look-back window recomputed and compared with what was billed
fines        late-payment fines on employers' overdue invoices (regulation.md §4)
"""
