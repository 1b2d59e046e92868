"""Bulk import of people, employers, projects and memberships from CSV and XLSX files."""
