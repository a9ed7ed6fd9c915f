"""The outreach register: events, campaign plans and their tasks, Excel in and out,
attachments, and the drafts of forms being filled (issue 3, DOMAIN.md "Outreach events")."""
