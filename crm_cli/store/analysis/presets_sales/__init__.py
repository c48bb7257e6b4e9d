"""The preset analyses about selling (RPT-2): who buys, what sells, who sells, the trend,
composition, profit and attainment. Importing the package registers each one
(`analysis.presets.register`)."""
