from django.apps import AppConfig


class CalculatorConfig(AppConfig):
    name = "lindung.calculator"
    label = "calculator"
