set terminal pngcairo size 640,610 noenhanced font ",9"
set output 'scenario-6.png'
set multiplot layout 2,1 title "6. Load generators on one core each, same server\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "http" 145328 144587 146728 12597547 "145,328"
1 "wrk" 135119 134982 135851 1482885 "135,119"
2 "ab-k" 145883 144949 146888 7109257 "145,883"
EOD
set title "c=100, server nginx"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:2.6]
set yrange [0:176266]
set ytics ("0" 0, "50k" 50000, "100k" 100000, "150k" 150000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "http" 6.62185 6.57182 6.65116 12597547 "6.62"
1 "wrk" 7.3404 7.32838 7.3452 1482885 "7.34"
2 "ab-k" 7.01383 6.98218 7.08388 7109257 "7.01"
EOD
set title "c=100, server nginx"
set ylabel "Client CPU/request (us)"
set lmargin 11
set xrange [-0.6:2.6]
set yrange [0:8.81424]
set ytics ("0" 0, "2" 2, "4" 4, "6" 6, "8" 8)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
