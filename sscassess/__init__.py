"""sscassess: stakeholder assessment for smart sustainable cities.

The pipeline runs in one direction: reference pack and questionnaire -> answers -> campaign
store -> analysis -> charts -> reports. Each stage lives in its own module; heavy libraries
(pandas, matplotlib, reportlab, questionary) are imported only inside the stages using them.
"""

__version__ = "0.1.0"
