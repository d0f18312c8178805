"""招商图谱 shared code: store access, periods and scopes, formatting, figure builders, page chrome.

Only `zsgt.ui` imports Streamlit; everything else is plain Python, testable alone.
"""
